"""One row of the work queue as the window and the CLI show it.

Apart from app/queries/cases.py, which fills it through SQLAlchemy, so that the start's first
screen (app/first_screen.py) can fill the same rows before SQLAlchemy has loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import tr

HELD = ("paused", "legal")  # statuses that wait for a person, not a date: the status says so


@dataclass(frozen=True)
class QueueRow:
    id: int
    case_no: str
    loan_no: str
    borrower: str
    masked_id: str
    dpd: int
    bucket: str
    amount_overdue: int
    score: int
    breakdown: dict[str, int]
    agent: str  # display name, "" when unassigned
    status: str
    next_action_on: dt.date | None
    last_contact_at: dt.datetime | None
    # Listed after the cases due now: its next action is for a later day, or it is held (a
    # complaint's pause, legal); see Case.waiting.
    waiting: bool = False


def waits_for_its_day(waiting: bool, status: str) -> bool:
    """Whether a case (Case.waiting, its status) waits for its next action's day — said as
    "Waiting until <date>" on the page, in the export and on the case page; a held case (paused,
    legal) waits too, but for a person, and its status says why."""
    return waiting and status not in HELD


def next_action_words(row: QueueRow, lang: str | None = None) -> str:
    """The next-action cell: "Waiting until <date>" when the case waits for that day (listed
    below the cases due now), else the date ("" for none). A held case's status says why."""
    day = row.next_action_on
    if day is None:
        return ""
    if waits_for_its_day(row.waiting, row.status):
        return tr("Waiting until {date}", lang, date=day.isoformat())
    return day.isoformat()


WAITING = (
    "Waiting until {date}: its next action is for a later day, so the work queue lists it below "
    "the cases due now, whatever its score."
)


def waiting_words(day: dt.date, lang: str | None = None) -> str:
    """Why a case waiting for its next action's day is listed below the cases due now: the case
    page, `case show` and the queue's Next action cell's tooltip."""
    return tr(WAITING, lang, date=day.isoformat())


def waiting_tip(row: QueueRow) -> str | None:
    """The Next action cell's tooltip on a waiting row (not a held one: its status says why)."""
    if waits_for_its_day(row.waiting, row.status) and row.next_action_on is not None:
        return waiting_words(row.next_action_on)
    return None
