"""The work queue's columns and table view, shared by the Work queue page and the start's first
screen (ui/first_screen.py), which shows the same table before the rest of the window has
loaded."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

from app.i18n import plural
from app.i18n import tr as _
from app.id_labels import id_label
from app.labels import CASE_STATUS
from app.queue_row import next_action_words, waiting_tip
from app.wall_clock import wall_time
from ui import labels
from ui.give_way import KEEP_LAST_WORD, Elide, GiveWay, Yielding
from ui.table_model import RIGHT, Column, LazyTableModel, follow_count
from ui.table_state import fit_columns, fit_texts
from ui.widgets import list_table

OFFICE_ZONE: list[zoneinfo.ZoneInfo] = [zoneinfo.ZoneInfo("Asia/Shanghai")]  # set per window


def when(value: Any) -> str:
    """A stored UTC time as the office's local time (with its zone in the hour that comes
    twice)."""
    return wall_time(value, OFFICE_ZONE[0]) if value else ""


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
    # "Waiting until <date>" on a case listed below the cases due now (Case.waiting), and why.
    Column("Next action", next_action_words, sort_key="next_action", tip=waiting_tip),
    Column("Last contact", lambda r: when(r.last_contact_at), sort_key="last_contact"),
]
SCORE_COLUMN = 7
ID_COLUMN = 3
NEXT_ACTION_COLUMN = 10
BORROWER_COLUMN, AGENT_COLUMN, STATUS_COLUMN, LAST_CONTACT_COLUMN = 2, 8, 9, 11
# In a narrow window (English at 1024 px) these give way, in this order, so that the Next action
# and the Last contact stay on screen: the masked ID to its last digits, the borrower's and the
# agent's names to a few letters, the Last contact to its day, the status to a dozen letters
# ("Promise broken" whole), then the Next action to its date, the words before it cut
# ("Waiting u… 2026-12-10").
GIVE_WAY = (
    Yielding(ID_COLUMN, "…0000", Elide.ElideLeft),
    Yielding(BORROWER_COLUMN, "0" * 5),
    Yielding(AGENT_COLUMN, "0" * 5),
    Yielding(LAST_CONTACT_COLUMN, "0000-00-00…"),
    Yielding(STATUS_COLUMN, "0" * 12),
    Yielding(NEXT_ACTION_COLUMN, "… 0000-00-00", KEEP_LAST_WORD),
)


def waiting_row(row: Any) -> bool:
    """A waiting case's row is in secondary text: below the cases due now, whatever its score."""
    return bool(row.waiting)


def queue_columns(country: str) -> list[Column]:
    """The columns for an office of `country` (CN, US, GB): its ID number's own header."""
    columns = list(COLUMNS)
    columns[ID_COLUMN] = replace(COLUMNS[ID_COLUMN], header=id_label(country, "column"))
    return columns


def queue_table(model: QAbstractItemModel, row_height: int) -> QTableView:
    """The queue's table: whole rows selected, several at once, one line each, the columns
    sized from a sample of rows rather than all of them (`fit_queue`)."""
    table = list_table(
        model, row_height, selection=QAbstractItemView.SelectionMode.ExtendedSelection
    )
    GiveWay(table, GIVE_WAY)
    return table


def fit_queue(table: QTableView) -> None:
    """Fit the queue's columns to their texts (the Next action to a waiting case's words even
    when none is among the rows sampled), then within the table's width (GIVE_WAY); the user's
    own widths stay (ui/table_state.py)."""
    fit_columns(table)
    # A waiting case's "Waiting until <date>" whole, though the rows sampled may all be due (the
    # waiting ones come after them: QA saw "… 2026-12-29" with room to spare at 1366 px).
    fit_texts(table, NEXT_ACTION_COLUMN, [_("Waiting until {date}", date="0000-00-00")])
    give_way = table.findChild(GiveWay)
    if give_way is not None:
        give_way.fitted()


def count_line(
    model: LazyTableModel, label: QLabel, empty: Callable[[], str] | None = None
) -> None:
    """The line under the queue: "Counting open cases…" while a long list's count follows its
    painted head, then how many there are (none: `empty()`, where it says more)."""

    def counted(count: int) -> str:
        said = empty() if empty is not None and count == 0 else ""
        return said or plural(count, "{count} open case", "{count} open cases")

    follow_count(model, label, lambda: _("Counting open cases…"), counted)
