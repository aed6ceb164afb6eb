"""The draft dialog's plan table: filled from plan rows, and read back as the core takes them,
each bad cell named by its instalment (a long plan's bad cell is out of view); its third column
notes a date moved off a public holiday, or one typed on a holiday (kept as typed), as
`due_note` does for a settlement's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from app.agreements import HolidayMove, PlanRow, date_notes
from app.errors import CasedeskError, ValidationError
from app.i18n import tr as _
from app.money import fmt, to_minor
from app.tabular import parse_date
from ui.colours import colour
from ui.header_items import set_headers
from ui.table_fill import ALIGN, TEXT, cell_text, fitting_held, set_cell
from ui.table_model import RIGHT

DATE, AMOUNT, NOTE = range(3)


# The plan's least height: its header and this many rows, at the user's text size; it takes the
# dialog's spare height and scrolls past them. 220 pixels kept the Draft agreement taller than a
# 1920×1080 laptop at 150 % scaling with 150 % text (Save draft under the taskbar).
PLAN_ROWS = 4


class PlanTable(QTableWidget):
    """A note wraps where the dialog is narrow or the font big ("moved from …: Chinese New Year
    (Spring Festival)"): its row grows to it, and shrinks back when the table widens. (The
    stretched note column says nothing when it changes width: the table's own resize does.)"""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        fit_note_rows(self)


def fit_note_rows(table: QTableWidget) -> None:
    """Each row as tall as its wrapped note, and never lower than a row is by default (the
    date and amount are typed in it)."""
    least = table.verticalHeader().defaultSectionSize()
    for row in range(table.rowCount()):
        table.setRowHeight(row, max(least, table.sizeHintForRow(row)))


def plan_table() -> QTableWidget:
    """Due date and amount to edit, and a note the user cannot edit."""
    table = PlanTable(0, 3)
    table.setTabKeyNavigation(False)  # the arrows move between cells; Tab leaves for Save
    set_headers(table, [_("Due date"), _("Amount"), _("Note")])
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    for column in (DATE, AMOUNT):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    rows = table.verticalHeader().defaultSectionSize() * PLAN_ROWS
    table.setMinimumHeight(header.sizeHint().height() + rows + 2 * table.frameWidth())
    return table


def show_notes(table: QTableWidget, country: str | None, moves: Sequence[HolidayMove] = ()) -> None:
    """Each row's note from its date as it stands (a date that cannot be read has none)."""
    dates: list[dt.date | None] = []
    for n in range(table.rowCount()):
        try:
            dates.append(parse_date(cell_text(table, n, DATE)))
        except CasedeskError:
            dates.append(None)
    table.blockSignals(True)
    for n, note in enumerate(date_notes(country, dates, moves)):
        text = note or ""
        item = QTableWidgetItem(text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setForeground(colour("note"))
        item.setToolTip(text)
        table.setItem(n, NOTE, item)
    table.blockSignals(False)
    fit_note_rows(table)


def due_note(country: str | None, day: dt.date, move: HolidayMove | None) -> str:
    """A settlement's date's note, as a plan row's: moved off a holiday (while it keeps the
    moved date), typed on one, or none ("")."""
    return date_notes(country, [day], [move] if move else [])[0] or ""


def fill_plan(table: QTableWidget, rows: list[PlanRow]) -> None:
    """Show the rows (due date, amount) without telling the table's change slots; the columns
    that fit their text measure it once, not once per cell set (a 60-instalment plan measured
    them 240 times, over all its rows each time)."""
    table.blockSignals(True)
    with fitting_held(table.horizontalHeader()):
        table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            set_cell(table, n, DATE, {TEXT: f"{row.due_on:%Y-%m-%d}"})
            set_cell(table, n, AMOUNT, {TEXT: fmt(row.amount), ALIGN: RIGHT})
    table.blockSignals(False)


def read_plan(table: QTableWidget, currency: str | None = None) -> list[PlanRow]:
    """The table's rows as typed; a date or an amount that cannot be read names its row, and an
    emptied cell is said to be empty (found by QA: "Instalment 1: Not an amount: ", with
    nothing after the colon). An amount may carry `currency`'s sign (the office's), as the payment
    dialog's does."""
    rows = []
    for n in range(table.rowCount()):
        due, amount = cell_text(table, n, DATE), cell_text(table, n, AMOUNT)
        if not due.strip():
            raise ValidationError("Instalment {seq}: the due date is missing.", seq=n + 1)
        if not amount.strip():
            raise ValidationError("Instalment {seq}: the amount is missing.", seq=n + 1)
        try:
            day = parse_date(due)
        except CasedeskError:
            raise ValidationError(
                "Instalment {seq}: not a date: {value}.",
                seq=n + 1,
                value=due,
            ) from None
        try:
            minor = to_minor(amount, currency)
        except CasedeskError as error:
            raise ValidationError(
                "Instalment {seq}: {problem}", seq=n + 1, problem=error.translated()
            ) from None
        rows.append(PlanRow(day, minor))
    return rows
