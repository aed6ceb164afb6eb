"""An agent posts payments to the loans of their own cases, as the window offers it (the case
page's Post payment…); a supervisor or admin to any loan. The CLI is held to the same rule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.cases.payments import record_payment
from app.errors import PermissionDenied
from app.models import Case, CaseStatus, Loan, Payment, User


def _open_loan_of(s, username: str) -> str:
    """The loan number of an open case assigned to `username`."""
    return s.scalar(
        select(Loan.loan_no)
        .join(Case, Case.loan_id == Loan.id)
        .join(User, User.id == Case.assigned_agent_id)
        .where(User.username == username, Case.status != CaseStatus.CLOSED)
        .order_by(Case.id)
        .limit(1)
    )


def _user(s, username: str) -> User:
    return s.scalar(select(User).where(User.username == username))


def test_an_agent_posts_only_to_the_loans_of_their_own_cases(demo_db) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with demo_db.session() as s:
        theirs, mine = _open_loan_of(s, "agent02"), _open_loan_of(s, "agent01")
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        before = s.scalar(select(func.count(Payment.id)))
        with pytest.raises(PermissionDenied) as refused:
            record_payment(s, agent, theirs, 1_000, yesterday, reference="QA-NOT-MINE")
        assert refused.value.translated("en") == (
            f"agent01 may post payments only to the loans of the cases assigned to them; "
            f"{theirs} is not one."
        )
        assert theirs in refused.value.translated("zh_CN")
        assert s.scalar(select(func.count(Payment.id))) == before
        record_payment(s, agent, mine, 1_000, yesterday, reference="QA-MINE")
        record_payment(s, sup, theirs, 1_000, yesterday, reference="QA-SUP")
        assert s.scalar(select(func.count(Payment.id))) == before + 2
