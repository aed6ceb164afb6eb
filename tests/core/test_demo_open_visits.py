"""The demo office holds no state the core refuses to make: no visit still open (requested,
verified, booked or under way) on a case in legal or closed, as sending a loan to legal or
writing it off is refused while one is (app/loans/closure.py). QA found V2026-000021, verified,
on a case in legal."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import select

from app.demo import build_demo
from app.models import Case, CaseStatus, Visit
from app.visits.common import OPEN
from db.store import open_database
from tests.conftest import DEMO_LOANS, DEMO_SEED, TEST_KEY

# A build day on which the suite's demo sends a case with a visit booked to legal (not every
# day's does: built on 1 January 2027 or 7 December 2026 it had none, and the test failed).
AS_OF = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 4, tzinfo=dt.UTC)  # 12:00 on 6 December in Shanghai


def _stuck(s) -> list:
    return s.execute(
        select(Visit.visit_no, Visit.status, Case.case_no, Case.status)
        .join(Case, Case.id == Visit.case_id)
        .where(
            Visit.status.in_(OPEN),
            Case.status.in_([CaseStatus.LEGAL, CaseStatus.CLOSED]),
        )
    ).all()


def test_no_open_visit_on_a_case_in_legal_or_closed(demo_db) -> None:
    with demo_db.sessions() as s:
        assert _stuck(s) == []


def test_a_visit_booked_on_a_case_sent_to_legal_is_cancelled(
    template_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    try:
        build_demo(database, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=AS_OF, now=NOON)
        with database.sessions() as s:
            assert _stuck(s) == []
            assert s.scalar(select(Visit.id).where(Visit.cancel_reason == "案件转法务，取消上门"))
    finally:
        database.close()
