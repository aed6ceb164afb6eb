"""The compliance report lists a day's complaints in number order (QA, thirty-fourth session: the
demo office numbers a day's complaints by the time they were recorded, not by row id, and the
report read CP2026-000030, 000029, 000028 for one day's three)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.complaints import record_complaint
from app.models import Case, Complaint, User
from app.reporting.compliance_more import complaint_rows
from app.reporting.period import Period
from tests.office_day import office_today


def test_a_days_complaints_read_in_number_order(demo_db) -> None:
    day = office_today()
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        cases = s.scalars(select(Case.case_no).order_by(Case.id).limit(3)).all()
        made = [
            record_complaint(
                s,
                supervisor,
                case_no=case_no,
                agent_username=None,
                received_on=day,
                source="borrower",
                channel="phone",
                category="harassment",
                description="借款人称夜间接到电话",
            )  # fmt: skip
            for case_no in cases
        ]
        numbers = [c.complaint_no for c in made]
        # Test data: the rows' numbers the other way round from their ids, as the demo gives them.
        for complaint, number in zip(made, reversed(numbers), strict=True):
            s.execute(
                update(Complaint)
                .where(Complaint.id == complaint.id)
                .values(complaint_no=f"{number}x")
            )
        for complaint, number in zip(made, reversed(numbers), strict=True):
            s.execute(
                update(Complaint).where(Complaint.id == complaint.id).values(complaint_no=number)
            )
        s.flush()
        rows = complaint_rows(s, Period(day, day, "Asia/Shanghai"))
    of_day = [r.complaint_no for r in rows if r.complaint_no in numbers]
    assert of_day == sorted(numbers)
