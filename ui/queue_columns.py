"""The work queue's columns, shared by the Work queue page and the start's first screen
(ui/first_screen.py), which shows the same table before the rest of the window has loaded."""

from __future__ import annotations

import zoneinfo
from typing import Any

from app.i18n import tr as _
from app.labels import CASE_STATUS
from ui import labels
from ui.table_model import RIGHT, Column

OFFICE_ZONE: list[zoneinfo.ZoneInfo] = [zoneinfo.ZoneInfo("Asia/Shanghai")]  # set per window


def when(value: Any) -> str:
    """A stored UTC time as the office's local time."""
    return value.astimezone(OFFICE_ZONE[0]).strftime("%Y-%m-%d %H:%M") if value else ""


COLUMNS = [
    Column("Case no.", lambda r: r.case_no, sort_key="case_no"),
    Column("Loan no.", lambda r: r.loan_no, sort_key="loan_no"),
    Column("Borrower", lambda r: r.borrower, sort_key="borrower"),
    Column("ID (masked)", lambda r: r.masked_id),
    Column("DPD", lambda r: str(r.dpd), RIGHT, sort_key="dpd"),
    Column("Bucket", lambda r: r.bucket, sort_key="bucket"),
    Column("Overdue", lambda r: labels.money(r.amount_overdue), RIGHT, sort_key="amount"),
    Column("Score", lambda r: str(r.score), RIGHT, sort_key="priority"),
    Column("Agent", lambda r: r.agent or _("Unassigned"), sort_key="agent"),
    Column("Status", lambda r: labels.label(CASE_STATUS, r.status), sort_key="status"),
    Column("Next action", lambda r: labels.day(r.next_action_on), sort_key="next_action"),
    Column("Last contact", lambda r: when(r.last_contact_at), sort_key="last_contact"),
]
SCORE_COLUMN = 7
