"""A complaint is not recorded on the case of a borrower whose personal data were erased (found by
the privacy pass, session 32): the case page offered Record complaint… there and the core saved
it, its description about the borrower kept in full after their erasure — which blanks every
complaint text of theirs — with nothing left to erase it again ("nothing new is recorded about
them", README). A complaint against the agent alone is still recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.complaints import record_complaint
from app.erasure import erase_borrower
from app.errors import ValidationError
from app.models import Case, Complaint, Loan
from tests.core.test_erasure import _erasable, _user
from tests.office_day import office_today


def test_an_erased_borrowers_case_takes_no_complaint(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        number = borrower.borrower_no
        case = s.scalar(select(Case).join(Loan).where(Loan.borrower_id == borrower.id))
        case_no, agent = case.case_no, case.assigned_agent
        erase_borrower(s, _user(s, "admin"), number)
        s.commit()
    today = office_today()
    fields = dict(
        received_on=today, source="regulator", channel="regulator", category="privacy",
        description="监管转来：借款人称其家人仍接到催收电话",
    )  # fmt: skip
    with demo_db.session() as s:
        before = s.scalar(select(func.count()).select_from(Complaint))
        with pytest.raises(ValidationError) as refused:
            record_complaint(
                s, _user(s, "supervisor"), case_no=case_no, agent_username=None, **fields
            )
        assert refused.value.translated("en") == (
            f"The personal data of borrower {number} were erased on {today}: nothing new can be "
            "recorded about them."
        )
        assert s.scalar(select(func.count()).select_from(Complaint)) == before
        if agent is not None:  # against the agent alone: no borrower's data in it
            alone = record_complaint(
                s, _user(s, "supervisor"), case_no=None, agent_username=agent.username, **fields
            )
            assert alone.case_id is None
