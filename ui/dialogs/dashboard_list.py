"""The lists behind dashboard tiles that have no page of their own (the month's recovered
payments; today's or late visits when no Visits page exists; what waits for approval): a table,
double-click opens the case (or, for what waits, the agreement or visit).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Sequence

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.i18n import plural
from app.i18n import tr as _
from app.labels import VISIT_STATUS, capital, label
from app.queries.approvals import AGREEMENT, Waiting, local, to_approve
from app.queries.dashboard_lists import RecoveryRow, VisitRow
from app.wall_clock import wall_time
from ui import labels
from ui.focus import focus_holder, give_back, open_on_enter
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.std_buttons import button_box
from ui.widgets import detail_table, fill_table

RECOVERY_HEADERS = ("Paid on", "Case no.", "Loan no.", "Borrower", "Amount")
VISIT_HEADERS = ("Visit no.", "Case no.", "Borrower", "Starts", "Ends", "Status", "Agents")
SHOWN_ROWS = 20  # a longer list scrolls
MIN_WIDTH, MIN_HEIGHT = 480, 240


def rows_hint(count: int) -> str:
    return plural(
        count,
        "{count} row; double-click it or press Enter to open its case",
        "{count} rows; double-click a row or press Enter to open its case",
    )


class ListDialog(QDialog):
    """A read-only list; `case_column` holds the case number a double-click opens."""

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        case_column: int,
        open_case: Callable[[str], None],
        numeric: Sequence[int] = (),
        parent: QWidget | None = None,
        *,
        on_open: Callable[[int], None] | None = None,
        hint: str | None = None,
        wrap: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DashboardList")
        self.setWindowTitle(title)
        self.rows = [list(r) for r in rows]
        self.case_column = case_column
        self._open_case = open_case
        self._on_open = on_open  # given the row's index, instead of opening its case
        # The last column (what is to approve, the agents) takes the width left and wraps. Without
        # `wrap` (the month's payments: short texts, thousands of rows) every row keeps one line
        # and no row is measured: wrapping measured each row's height again at each resize.
        last = len(headers) - 1
        self.table = detail_table(headers, numeric=numeric, wrap=last if wrap else None)
        fill_table(self.table, self.rows)
        self.table.setAccessibleName(title)  # a screen reader read it as a table with no name
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        open_on_enter(self.table, lambda index: self.open_row(index.row()))  # not Close
        self.count = QLabel(hint or rows_hint(len(rows)))
        self.buttons = buttons = button_box(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        fit_on_screen(self, *self.comfortable_size())
        self._rows_measured = False
        self.returns_to = focus_holder(parent)  # the tile or chart it was opened from
        self.finished.connect(self._keys_back)

    def _keys_back(self, result: int) -> None:
        """Not modal: once closed, no window was active where no window manager hands the
        activation back, and the keys went nowhere. They go back to the tile, or to the case a
        row opened (its timeline: ui/focus.py)."""
        parent = self.parentWidget()
        if result == QDialog.DialogCode.Accepted and parent is not None:
            give_back(parent.window().focusWidget())
        else:
            give_back(self.returns_to)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._rows_measured:
            self._rows_measured = True
            self.room_for_rows()

    def room_for_rows(self) -> None:
        """Taller when the rows are: comfortable_size counts a line a row, but a screen narrower
        than the list's columns wraps the last one (an approvals list of five settlements at 1024
        pixels hid half its last row below the table). Up to SHOWN_ROWS rows, as the screen has
        room for."""
        layout = self.layout()
        assert layout is not None
        layout.activate()  # the table takes its width now, and its wrapped rows their height
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), SHOWN_ROWS)))
        short = rows - table.viewport().height()
        if short > 0:
            fit_on_screen(self, self.width(), self.height() + short)

    def comfortable_size(self) -> tuple[int, int]:
        """Wide enough for every column on one line, tall enough for the rows up to SHOWN_ROWS
        (the screen may allow less: fit_on_screen)."""
        table, header = self.table, self.table.horizontalHeader()
        columns = sum(
            max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(table.columnCount())
        )
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        width = columns + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        width += margins.left() + margins.right()
        rows = min(table.rowCount(), SHOWN_ROWS) * (table.fontMetrics().height() + 8)
        height = header.sizeHint().height() + rows + 2 * table.frameWidth()
        height += layout.spacing() * 2 + margins.top() + margins.bottom()
        for widget in (self.count, self.buttons):
            height += widget.sizeHint().height()
        return max(width, MIN_WIDTH), max(height, MIN_HEIGHT)

    def follow(
        self,
        hub: ChangeHub,
        entities: set[str],
        rows_now: Callable[[], tuple[Sequence[Sequence[str]], str | None]],
    ) -> None:
        """Show the list afresh when `entities` change while it is open: `rows_now` gives the
        rows and the line under them (None: how many rows, as when it opened). Found by QA:
        approved on the Agreements page with the approvals list open, the list still offered
        it, and opening it selected nothing."""
        self._entities, self._rows_now = entities, rows_now
        hub.changed.connect(self._changed)  # a bound slot: gone with the dialog

    def _changed(self, entities: set[str]) -> None:
        if not entities & self._entities or not self.isVisible():
            return
        rows, hint = self._rows_now()
        self.rows = [list(r) for r in rows]
        fill_table(self.table, self.rows)
        self.count.setText(hint or rows_hint(len(rows)))

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            if self._on_open is not None:
                self._on_open(row)
            else:
                self._open_case(self.rows[row][self.case_column])
            self.accept()


def recovery_texts(rows: Sequence[RecoveryRow]) -> list[list[str]]:
    return [
        [labels.day(r.paid_on), r.case_no, r.loan_no, r.borrower, labels.money(r.amount)]
        for r in rows
    ]


def visit_texts(rows: Sequence[VisitRow], zone: str) -> list[list[str]]:
    tz = zoneinfo.ZoneInfo(zone)

    def local(value: dt.datetime | None) -> str:
        return wall_time(value, tz) if value else ""

    return [
        [
            r.visit_no,
            r.case_no,
            r.borrower,
            local(r.scheduled_start),
            local(r.scheduled_end),
            capital(label(VISIT_STATUS, r.status)),
            r.agents,
        ]
        for r in rows
    ]


APPROVAL_HEADERS = (
    "Waiting",
    "No.",
    "Case no.",
    "Borrower",
    "Drafted or booked by",
    "Since",
    "To approve",
)


def approval_texts(rows: Sequence[Waiting], zone: str) -> list[list[str]]:
    """What waits: an agreement's waiver, or a visit's time in the office's zone."""
    tz = zoneinfo.ZoneInfo(zone)
    return [
        [
            _("Agreement") if r.kind == AGREEMENT else _("Visit"),
            r.number,
            r.case_no,
            r.borrower,
            r.by,
            local(r.since, tz),
            to_approve(r, tz),
        ]
        for r in rows
    ]
