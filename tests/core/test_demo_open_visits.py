"""The demo office holds no state the core refuses to make: no visit still open (requested,
verified, booked or under way) on a case in legal or closed, as sending a loan to legal or
writing it off is refused while one is (app/loans/closure.py). QA found V2026-000021, verified,
on a case in legal."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Case, CaseStatus, Visit
from app.visits.common import OPEN


def test_no_open_visit_on_a_case_in_legal_or_closed(demo_db) -> None:
    with demo_db.sessions() as s:
        stuck = s.execute(
            select(Visit.visit_no, Visit.status, Case.case_no, Case.status)
            .join(Case, Case.id == Visit.case_id)
            .where(
                Visit.status.in_(OPEN),
                Case.status.in_([CaseStatus.LEGAL, CaseStatus.CLOSED]),
            )
        ).all()
        assert stuck == []
        assert s.scalar(select(Visit.id).where(Visit.cancel_reason == "案件转法务，取消上门"))
