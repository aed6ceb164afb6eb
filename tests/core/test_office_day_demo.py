"""`casedesk demo` without --as-of builds its office as of the office's today (the demo office
keeps Shanghai's time), not the computer's: built at 23:00 UTC, when Shanghai's day is the next,
its cases were aged as of Shanghai's yesterday and the window's first start rebuilt them all."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.demo import build_demo
from app.models import Case, CaseStatus
from app.office import office_day

LATE_UTC = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)  # 07:00 on 1 December in Shanghai


def test_a_demo_built_late_in_the_utc_day_is_dated_the_offices_day(db) -> None:
    summary = build_demo(db, loans=60, seed=3, now=LATE_UTC)
    with db.session() as s:
        assert summary.as_of == office_day(s, LATE_UTC) == dt.date(2026, 12, 1)
        open_days = s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED))
        assert set(open_days) == {dt.date(2026, 12, 1)}


def test_an_explicit_day_still_wins(db) -> None:
    summary = build_demo(db, loans=60, seed=3, as_of=dt.date(2026, 11, 2), now=LATE_UTC)
    assert summary.as_of == dt.date(2026, 11, 2)
