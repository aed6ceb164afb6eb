"""Whose borrowers an agent records about: the borrowers of the cases assigned to them, the rule
`case note` and `payment post` keep (app.contacts.find_case, app.cases.payments); a supervisor
or an admin, any borrower. A number recorded on another agent's borrower is where that agent's
calls go next, so it is theirs to record (or a supervisor's)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.errors import PermissionDenied
from app.models import Borrower, Case, Loan, User


def case_agents(session: Session, borrower_id: int) -> frozenset[int]:
    """The agents the borrower's cases are assigned to, open or closed (as a case note takes a
    closed case's)."""
    query = (
        select(Case.assigned_agent_id)
        .join(Loan, Loan.id == Case.loan_id)
        .where(Loan.borrower_id == borrower_id, Case.assigned_agent_id.is_not(None))
        .distinct()
    )
    return frozenset(agent for agent in session.scalars(query) if agent is not None)


def holds(user: User, agents: frozenset[int]) -> bool:
    """True when `user` sees every case or one of the borrower's cases is assigned to them."""
    return can(user, Permission.VIEW_ALL_CASES) or user.id in agents


def refuse_unheld(session: Session, user: User, borrower: Borrower) -> None:
    """PermissionDenied unless `user` holds one of `borrower`'s cases (or sees every case)."""
    if can(user, Permission.VIEW_ALL_CASES):
        return
    if user.id not in case_agents(session, borrower.id):
        raise PermissionDenied(
            "{user} may record numbers only for the borrowers of the cases assigned to them; "
            "{borrower} is not one. Ask the agent working the case, or a supervisor.",
            user=user.username,
            borrower=borrower.borrower_no,
        )
