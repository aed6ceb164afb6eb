"""A borrower's time zone chosen by the hour it is there now, so that a test checking a visit in
at the real clock (the core's default, the command line's, the Visits page's) means the same at
every hour of the run: the rule set refuses a check-in inside its quiet hours for visits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Borrower, Case, Loan, Visit


def zone_where_it_is(hour: int, now: dt.datetime | None = None) -> str:
    """A fixed-offset zone where it is now `hour`:xx (Etc/GMT-N is N hours east of UTC)."""
    offset = (hour - (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def move_visits_borrower(session, visit_no: str, zone: str) -> None:  # type: ignore[no-untyped-def]
    """The borrower of the visit's case now lives in `zone`."""
    borrower = session.scalar(
        select(Borrower)
        .join(Loan, Loan.borrower_id == Borrower.id)
        .join(Case, Case.loan_id == Loan.id)
        .join(Visit, Visit.case_id == Case.id)
        .where(Visit.visit_no == visit_no)
    )
    borrower.timezone = zone
