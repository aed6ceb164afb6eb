"""The demo office's complaint numbers are the ones the app gives complaints recorded in the order
they were received (QA: CP2026-000004 was received on 5 November, CP2026-000001 on 4 December):
one office sequence across the years (app/complaints.py numbers from `reserve`, never restarting
with the year), the year in a number its receiving year, no gaps, and the sequence left where the
next real complaint takes its number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from app.complaints import complaint_number
from app.demo import build_demo
from app.models import Complaint, Sequence
from db.store import open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 3, 16)
NOW = dt.datetime(2026, 3, 16, 15, 59, tzinfo=dt.UTC)  # 23:59 on 16 March in Shanghai
LOANS, SEED = 2000, 7  # complaints received in 2024, 2025 and 2026


def test_complaint_numbers_follow_the_received_dates(tmp_path: Path) -> None:
    database = open_database(tmp_path / "demo.db", TEST_KEY, create=True)
    try:
        build_demo(database, loans=LOANS, seed=SEED, as_of=AS_OF, now=NOW)
        with database.session() as s:
            complaints = s.scalars(
                select(Complaint).order_by(
                    Complaint.received_on, Complaint.created_at, Complaint.id
                )
            ).all()
            after = s.scalar(select(Sequence.next_value).where(Sequence.name == "complaint_no"))
    finally:
        database.close()
    years = {c.received_on.year for c in complaints}
    assert len(years) >= 2, "the test needs complaints from more than one year"
    # Recorded one by one in the order received, the app gives these numbers.
    assert [c.complaint_no for c in complaints] == [
        complaint_number(c.received_on.year, n) for n, c in enumerate(complaints, start=1)
    ]
    assert all(re.fullmatch(r"CP\d{4}-\d{6}", c.complaint_no) for c in complaints)
    # Within each year, the numbers sorted are the complaints sorted by their received date.
    for year in years:
        of_year = [c for c in complaints if c.received_on.year == year]
        by_number = sorted(of_year, key=lambda c: c.complaint_no)
        assert [c.received_on for c in by_number] == sorted(c.received_on for c in of_year)
    assert after == len(complaints) + 1  # the next complaint recorded continues the series
