"""A booked visit whose time passed with no check-in, at fixed instants (whatever the day or hour
of the run): agent01 and agent02 booked for 2026-03-10 09:00–10:00 in Shanghai on the office's
first case, and the case brought up to date as the booking would leave it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.cases.rebuild import rebuild_queue
from app.models import Case, Visit
from tests.core.visit_office import SHANGHAI, book, case_nos, verified_visit

START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)  # a Tuesday, long past
END = START + dt.timedelta(hours=1)
SLOT = "2026-03-10 09:00–10:00"  # as the office reads it


def missed_visit(database: Any, case_index: int = 0) -> tuple[str, str]:
    """(visit number, case number): booked through the core, then its slot moved back to START
    (a booking only goes forward), and its case rebuilt as a booking leaves it."""
    case_no = case_nos(database)[case_index]
    number = verified_visit(database, case_no)
    assert book(database, number).saved
    with database.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert visit is not None
        visit.scheduled_start = START.astimezone(dt.UTC)
        visit.scheduled_end = END.astimezone(dt.UTC)
        visit.booked_at = (START - dt.timedelta(days=2)).astimezone(dt.UTC)
        case = s.get(Case, visit.case_id)
        assert case is not None
        s.flush()
        rebuild_queue(s, None, None, loan_ids=[case.loan_id])
    return number, case_no
