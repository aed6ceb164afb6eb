"""One row of the work queue as the window and the CLI show it.

Apart from app/queries/cases.py, which fills it through SQLAlchemy, so that the start's first
screen (app/first_screen.py) can fill the same rows before SQLAlchemy has loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
