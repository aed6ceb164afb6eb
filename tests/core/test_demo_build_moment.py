"""A demo built as of today early in the office's morning holds nothing done later that day: no
call, payment posting, check-in, assignment or audit entry after the build (QA: built at 07:30
office time, it held calls from 20:51 and a visit checked in at 09:55). Visits booked and
promises falling due later are plans, and stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.demo import build_demo
from app.models import (
    Base,
    Case,
    ContactAttempt,
    Loan,
    Payment,
    Visit,
    VisitStatus,
)
from app.models.base import UTCDateTime
from db.store import Database, open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 3, 16)
MORNING = dt.datetime(2026, 3, 15, 23, 30, tzinfo=dt.UTC)  # 07:30 on 16 March in Shanghai
EVENING = dt.datetime(2026, 3, 16, 15, 59, tzinfo=dt.UTC)  # 23:59 on 16 March in Shanghai
# A booking is for later, and so is the slot a flagged or refused booking or move chose.
PLANS = {
    (table, column)
    for table in ("visit", "flagged_booking", "blocked_attempt")
    for column in (
        ("scheduled_start", "scheduled_end") if table == "visit" else ("slot_start", "slot_end")
    )
}
LOANS, SEED = 800, 3  # an office with a team out on a visit this morning


def _build(path: Path, now: dt.datetime) -> Database:
    database = open_database(path, TEST_KEY, create=True)
    build_demo(database, loans=LOANS, seed=SEED, as_of=AS_OF, now=now)
    return database


def _later_than(database: Database, moment: dt.datetime, since: dt.datetime) -> list[str]:
    """Every stored time after `moment`, but those the build stamped as it ran (from `since`:
    the office's own rows and the demo.build entry, by the computer's clock)."""
    found = []
    with database.session() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, UTCDateTime) or (table.name, column.name) in PLANS:
                    continue
                for (at,) in s.execute(select(column).where(column > moment, column < since)):
                    found.append(f"{table.name}.{column.name} {at:%Y-%m-%d %H:%M}")
    return found


def test_a_demo_built_early_today_holds_nothing_done_after_its_build(tmp_path: Path) -> None:
    started = dt.datetime.now(dt.UTC)
    morning = _build(tmp_path / "morning.db", MORNING)
    evening = _build(tmp_path / "evening.db", EVENING)
    try:
        assert _later_than(morning, MORNING, started) == []
        # Built the evening before its next day, the same office did all of that day's work.
        assert _later_than(evening, MORNING, started), "nothing left for the test to see"
        with morning.session() as s, evening.session() as e:
            for db_session in (s, e):
                # Visits still planned for later stay (a team out today sets out after 07:30).
                assert db_session.scalars(
                    select(Visit.id).where(Visit.scheduled_start > MORNING)
                ).first()
            assert not s.scalars(
                select(Visit.id).where(Visit.status == VisitStatus.IN_PROGRESS)
            ).first()
            assert e.scalars(select(Visit.id).where(Visit.status == VisitStatus.IN_PROGRESS)).all()
            # Only what was still to come differs: the same loans, payments and cases.
            for column in (Loan.loan_no, Payment.amount, Payment.paid_on, Case.case_no):
                order = column.class_.id  # type: ignore[attr-defined]
                morning_rows = s.scalars(select(column).order_by(order)).all()
                assert morning_rows == e.scalars(select(column).order_by(order)).all()
            calls = select(func.count()).select_from(ContactAttempt)
            assert s.scalar(calls) < e.scalar(calls)
    finally:
        morning.close()
        evening.close()
