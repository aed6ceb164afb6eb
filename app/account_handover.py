"""What a deactivated account leaves behind: its open cases go back to the work queue unassigned
(where a supervisor sees them under "Unassigned" and assigns them, by hand or by rule), each
audited; the visits not yet over that it is on are counted, for a supervisor to staff anew.

Left with the account, the cases were stranded: nobody could log in to work them, the queue's
agent filter no longer knew the name, and assigning by rule only places unassigned cases."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit
from app.i18n import Counted, sentences, tr
from app.models import Case, CaseStatus, User, Visit, VisitAgent, VisitStatus

VISITS_NOT_OVER = (
    VisitStatus.REQUESTED,
    VisitStatus.VERIFIED,
    VisitStatus.BOOKED,
    VisitStatus.IN_PROGRESS,
)
WHY = "deactivated"  # case.assign's "why" when a case went back to the queue with its agent


@dataclass(frozen=True)
class Handover:
    """An account's open cases and the visits not yet over that it is on."""

    cases: int = 0
    visits: int = 0


def held_by(session: Session, username: str) -> Handover:
    """What the account `username` holds now: open cases assigned to it, visits not yet over it is
    on (nothing for a name no account has)."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        return Handover()
    cases = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.assigned_agent_id == user_id, Case.status != CaseStatus.CLOSED)
    )
    return Handover(int(cases or 0), visits_on(session, user_id))


def visits_on(session: Session, user_id: int) -> int:
    """How many visits not yet over `user_id` is on."""
    visits = session.scalar(
        select(func.count(func.distinct(Visit.id)))
        .select_from(Visit)
        .join(VisitAgent, VisitAgent.visit_id == Visit.id)
        .where(VisitAgent.agent_id == user_id, Visit.status.in_(VISITS_NOT_OVER))
    )
    return int(visits or 0)


def hand_back_cases(session: Session, admin: User, target: User) -> int:
    """Return `target`'s open cases to the queue unassigned, one audit entry each; how many."""
    cases = session.scalars(
        select(Case)
        .where(Case.assigned_agent_id == target.id, Case.status != CaseStatus.CLOSED)
        .order_by(Case.id)
    ).all()
    for case in cases:
        case.assigned_agent_id = None
        case.assigned_at = None
        audit.record(
            session,
            admin,
            "case.assign",
            "case",
            case.case_no,
            {"from": target.id, "to": None, "why": WHY},
        )
    session.flush()
    return len(cases)


def before_words(held: Handover) -> str:
    """What deactivating will do with what the account holds (for the confirmation)."""
    return sentences(
        [
            tr(
                "Its {cases} will go back to the work queue unassigned, for a supervisor to "
                "assign (Work queue → Unassigned).",
                cases=Counted(held.cases, "{count} open case", "{count} open cases"),
            )
            if held.cases
            else "",
            tr(
                "It is on {visits}; a supervisor staffs them anew.",
                visits=Counted(
                    held.visits, "{count} visit not yet over", "{count} visits not yet over"
                ),
            )
            if held.visits
            else "",
        ]
    )


def after_words(held: Handover) -> str:
    """What deactivating did with what the account held (after it)."""
    return sentences(
        [
            tr(
                "{cases} went back to the work queue unassigned; a supervisor assigns them "
                "(Work queue → Unassigned).",
                cases=Counted(held.cases, "{count} open case", "{count} open cases"),
            )
            if held.cases
            else "",
            tr(
                "It is still on {visits}: ask a supervisor to staff them anew.",
                visits=Counted(
                    held.visits, "{count} visit not yet over", "{count} visits not yet over"
                ),
            )
            if held.visits
            else "",
        ]
    )
