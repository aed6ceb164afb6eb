"""The day's first rebuild: when the window opens on a new day (or after the as-of date moved),
the queue is brought up to date by itself, so cases open for loans that fell overdue overnight
and close for loans paid — nobody has to remember to press Rebuild."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import settings
from app.cases.rebuild import Progress, RebuildSummary, rebuild_queue
from app.cases.scoring_stamp import scoring_current
from app.i18n import plural
from app.models import Case, CaseStatus
from db.store import Database


def rebuild_due(session: Session, as_of: dt.date | None = None) -> bool:
    """True when an open case shows figures of another day than the queue's as-of date, or when
    no case is open at all (then only a rebuild can tell whether one should be), or when the
    queue was last scored with another formula than this code's (an upgrade changed it)."""
    as_of = as_of or settings.as_of(session)
    if not scoring_current(session):
        return True
    open_cases = select(Case.id).where(Case.status != CaseStatus.CLOSED)
    if session.scalar(open_cases.limit(1)) is None:
        return True
    stale = open_cases.where(or_(Case.computed_as_of.is_(None), Case.computed_as_of != as_of))
    return session.scalar(stale.limit(1)) is not None


def rebuild_if_due(database: Database, progress: Progress | None = None) -> RebuildSummary | None:
    """Rebuild the whole queue as of the office's date if it is not current; None when it was.

    Under the write lock, checked again inside it: two workstations opening at the same moment
    on a shared server rebuild once. The rebuild is the system's (audited without a user).
    """
    from app.clock_behind import rebuild_goes_back

    with database.session(write_lock=True) as session:
        if not rebuild_due(session) or rebuild_goes_back(session) is not None:
            return None  # current, or this computer's clock set back to an earlier day
        return rebuild_queue(session, None, progress=progress)


def summary_text(summary: RebuildSummary, lang: str | None = None) -> str:
    """What a rebuild did, in one line: for the window's status bar and `casedesk queue
    --rebuild`."""
    return plural(
        summary.open_cases,
        "Queue rebuilt as of {date}: {opened} opened, {closed} closed, {open} open case "
        "({seconds:.1f} s).",
        "Queue rebuilt as of {date}: {opened} opened, {closed} closed, {open} open cases "
        "({seconds:.1f} s).",
        lang=lang,
        date=summary.as_of.isoformat(),
        opened=f"{summary.opened:,}",
        closed=f"{summary.closed:,}",
        open=f"{summary.open_cases:,}",
        seconds=summary.seconds,
    )
