"""Small building blocks shared by pages: read-only detail tables, section titles, form rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.i18n import tr as _
from ui.table_model import LEFT, RIGHT


class DetailTable(QTableWidget):
    """A read-only table; with `fit_rows` it is exactly as tall as its rows (the pane scrolls)."""

    def __init__(self, columns: int, fit_rows: bool, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        self.fit_rows = fit_rows
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_height(self) -> None:
        """Resize to the header, the rows and, when the columns overflow, the scroll bar."""
        if not self.fit_rows:
            return
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += max(self.verticalHeader().length(), self.fontMetrics().height() + 8)
        if self.horizontalHeader().length() > self.viewport().width() + 1:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_height()


def detail_table(
    headers: Sequence[str],
    numeric: Sequence[int] = (),
    fit_rows: bool = False,
    parent: QWidget | None = None,
) -> DetailTable:
    """A read-only, row-selecting table whose headers are msgids; `numeric` columns align right."""
    table = DetailTable(len(headers), fit_rows, parent)
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setProperty("numeric", list(numeric))
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with `rows` (already formatted text)."""
    numeric = set(table.property("numeric") or [])
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setTextAlignment(RIGHT if c in numeric else LEFT)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    if isinstance(table, DetailTable):
        table.fit_height()


def title_label(text: str = "") -> QLabel:
    """A bold heading for a detail pane."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_label(text: str) -> QLabel:
    """A bold sub-heading, text is a msgid."""
    label = QLabel(_(text))
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class FieldForm(QFormLayout):
    """A form of read-only value labels, keyed by their msgid."""

    def __init__(self, msgids: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        for msgid in msgids:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[msgid] = value
            self.addRow(_(msgid) + _(":"), value)

    def set(self, msgid: str, text: str) -> None:
        self.values[msgid].setText(text)

    def clear_values(self) -> None:
        for value in self.values.values():
            value.clear()


ERROR_STYLE = "color: #b00020;"  # inline errors in dialogs and pages

NO_DATE = QDate(2000, 1, 1)  # the minimum date stands for "no limit" (shown as special text)


def optional_date_edit() -> QDateEdit:
    """A date filter that starts empty ("Any date")."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(_("Any date"))
    edit.setDate(NO_DATE)
    return edit


def optional_day(edit: QDateEdit) -> dt.date | None:
    """The chosen day, or None when the filter is left at "Any date"."""
    value = edit.date()
    if value == NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


def set_optional_day(edit: QDateEdit, day: dt.date | None) -> None:
    """Show `day` (or "Any date") without emitting a change."""
    edit.blockSignals(True)
    edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
    edit.blockSignals(False)
