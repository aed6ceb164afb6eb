"""A demo borrower with contacts, a visit, an agreement and a complaint, for the tests of a
borrower's copy of their data (app/access_copy.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select

from app.models import Agreement, Borrower, Case, ContactAttempt, Loan, User, Visit
from tests.office_day import office_today

REASON = "借款人书面申请查阅、复制个人信息"


def user(s: Any, name: str) -> User:
    found = s.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def _has(model: Any) -> Any:
    return exists().where(
        model.case_id == Case.id, Case.loan_id == Loan.id, Loan.borrower_id == Borrower.id
    )


def full_borrower(s: Any) -> Borrower:
    """The demo's first borrower with contacts, a visit and an agreement, given a complaint
    about one of their cases (recorded through the core)."""
    from app.complaints import record_complaint

    borrower = s.scalar(
        select(Borrower)
        .where(_has(ContactAttempt), _has(Visit), _has(Agreement))
        .order_by(Borrower.id)
        .limit(1)
    )
    assert borrower is not None, "the demo office has no borrower with contacts, visits, agreement"
    case_no = s.scalar(
        select(Case.case_no).join(Loan).where(Loan.borrower_id == borrower.id).limit(1)
    )
    record_complaint(
        s, user(s, "supervisor"), case_no=case_no, agent_username=None,
        received_on=office_today(), source="borrower", channel="phone", category="harassment",
        description="借款人称晚上接到多次电话",
    )  # fmt: skip
    s.flush()
    return borrower
