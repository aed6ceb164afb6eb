"""Erasure refused while a complaint about one of the borrower's cases is still open or under
investigation (app/erasure.py): its description and notes are what the investigation works from,
and were blanked — the records past their retention, the complaint never answered."""

from __future__ import annotations

from sqlalchemy import select, update

from app.complaints import record_complaint
from app.erasure import erase_borrower, erasure_refusal
from app.models import Case, Complaint, ComplaintStatus, Loan
from app.retention import retention_rule
from tests.core.test_erasure import _erasable, _user
from tests.office_day import office_today


def test_an_open_complaint_keeps_the_borrower(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        case = s.scalar(
            select(Case).join(Loan).where(Loan.borrower_id == borrower.id).order_by(Case.id)
        )
        complaint = record_complaint(
            s, _user(s, "supervisor"), case_no=case.case_no, agent_username=None,
            received_on=office_today(), source="regulator", channel="regulator",
            category="privacy", description="借款人称其家人接到催收电话",
        )  # fmt: skip
        # Test data: received on the case's last day, never answered since.
        s.execute(
            update(Complaint)
            .where(Complaint.id == complaint.id)
            .values(received_on=case.closed_on, status=ComplaintStatus.INVESTIGATING)
        )
        s.flush()
        rule = retention_rule(s)
        refused = erasure_refusal(s, borrower, rule, office_today())
        assert refused is not None
        en = refused.translated("en")
        assert complaint.complaint_no in en and "not closed" in en, en
        zh = refused.translated("zh_CN")
        assert complaint.complaint_no in zh and borrower.borrower_no in zh, zh
        s.execute(
            update(Complaint)
            .where(Complaint.id == complaint.id)
            .values(status=ComplaintStatus.RESOLVED, closed_on=case.closed_on)
        )
        s.flush()
        assert erasure_refusal(s, borrower, rule, office_today()) is None
        erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
