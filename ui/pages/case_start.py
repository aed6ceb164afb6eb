"""What the Cases page shows before a case is open: how to open one, and the cases this user
opened lately on this workstation (their ids kept in QSettings per office and user, the rows read
from the database, so a case since given to another agent drops out); a double-click or Enter
opens one."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import tr as _
from app.labels import CASE_STATUS
from app.models import User
from app.queries.cases import cases_by_ids
from app.queue_row import QueueRow
from db.store import Database
from ui import labels
from ui.focus import open_on_enter
from ui.table_state import settings
from ui.widgets import detail_table, fill_table, hold_top, section_label

KEEP = 10  # cases remembered per office and user
HEADERS = ("Case no.", "Borrower", "Status", "DPD", "Overdue", "Agent")


def _key(database: Database, user: User) -> str:
    office = hashlib.sha256(database.shown.encode("utf-8")).hexdigest()[:16]
    return f"cases/recent/{office}/{user.username}"


def remembered(database: Database, user: User) -> list[int]:
    """The case ids this user opened lately on this workstation, the latest first."""
    value = settings().value(_key(database, user)) or []
    values = value if isinstance(value, list) else [value]
    return [int(v) for v in values if str(v).isdigit()]


def remember(database: Database, user: User, case_id: int) -> None:
    """Put `case_id` first among the cases opened lately (at most KEEP)."""
    ids = [case_id, *(i for i in remembered(database, user) if i != case_id)][:KEEP]
    settings().setValue(_key(database, user), [str(i) for i in ids])


def _cells(row: QueueRow) -> list[str]:
    return [
        row.case_no,
        row.borrower,
        labels.label(CASE_STATUS, row.status),
        str(row.dpd),
        labels.money(row.amount_overdue),
        row.agent or _("Unassigned"),
    ]


class CaseStart(QWidget):
    """The hint and the list of cases opened lately; `chosen(case_id)` on a double-click, Enter."""

    chosen = Signal(int)

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.user = database, user
        self.rows: list[QueueRow] = []
        hint = QLabel(
            _("Type a case number above and press Enter, or double-click a case in the Work queue.")
        )
        hint.setWordWrap(True)
        self.heading = section_label("Opened lately")
        self.table = detail_table(HEADERS, numeric=(3, 4))
        self.table.setObjectName("recent_cases")
        self.table.doubleClicked.connect(self.open_row)
        open_on_enter(self.table, self.open_row)  # Enter opens it too (ui/focus.py)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # hold_top: the room while there is no table

    def open_row(self, index: QModelIndex) -> None:
        """Open the case on the list's row `index`."""
        if 0 <= index.row() < len(self.rows):
            self.chosen.emit(self.rows[index.row()].id)

    def refresh(self) -> None:
        """Read the cases opened lately again (those the user may still open)."""
        with self.database.sessions() as session:
            self.rows = cases_by_ids(session, self.user, remembered(self.database, self.user))
        fill_table(self.table, [_cells(r) for r in self.rows])
        for widget in (self.heading, self.table):
            widget.setVisible(bool(self.rows))
        hold_top(self, not self.rows)
