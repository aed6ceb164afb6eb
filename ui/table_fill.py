"""Refilling a QTableWidget's cells in place, fast: the columns (and rows) that fit their contents
stop measuring them while the cells change, and sorting stops; both redo their work for the
whole table on each cell set, which made refilling hundreds of rows over as many take seconds.
ui.widgets.fill_table fills text; `fill_cells` fills whatever roles a page sets per cell
(colours, fonts, tooltips, data)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

Cell = Mapping[int, object]  # a cell's data by role value (Qt.ItemDataRole.*.value)
# The roles pages set on a cell after a fill (set_cell), by their values.
TEXT = Qt.ItemDataRole.DisplayRole.value
TIP = Qt.ItemDataRole.ToolTipRole.value
FONT = Qt.ItemDataRole.FontRole.value
ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value


@contextmanager
def fitting_held(header: QHeaderView) -> Iterator[None]:
    """While inside, the header's sections that fit their contents keep their size; they fit
    again, once, on leaving (Qt measures every row of them for each cell that changes)."""
    fit = QHeaderView.ResizeMode.ResizeToContents
    held = [s for s in range(header.count()) if header.sectionResizeMode(s) == fit]
    for section in held:
        header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        for section in held:
            header.setSectionResizeMode(section, fit)


@contextmanager
def rows_fitting_held(table: QTableWidget) -> Iterator[None]:
    """As fitting_held, for a table whose rows all fit their contents (the vertical header's own
    mode, which the rows a fill adds take too); other tables are left as they are."""
    header, fit = table.verticalHeader(), QHeaderView.ResizeMode.ResizeToContents
    whole = header.count() > 0 and all(
        header.sectionResizeMode(s) == fit for s in range(header.count())
    )
    if whole:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        if whole:
            header.setSectionResizeMode(fit)


def fill_cells(table: QTableWidget, rows: Sequence[Sequence[Cell]]) -> None:
    """Replace the table's rows: each cell gets exactly the roles given (none past a row's end).

    The cells are refilled in place, so the selected row, the current cell and the scroll
    position stay where they were. The fitting columns and rows measure, and sorting sorts, once,
    after. A cell's flags are not data: a page that sets them does so after.

    The cells are set through the model's calls that return a value: PySide6 6.12.0 lost a
    reference to None on most calls that return nothing (QTableWidget.setItem among them), until
    Python aborted ("deallocating None"). pyproject.toml keeps PySide6 below 6.12
    (tests/ui/test_qt_binding.py); filling through the model spares a call per cell all the same."""
    model = table.model()
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)  # a cell set in the sorted column would move its row
    with fitting_held(table.horizontalHeader()), rows_fitting_held(table):
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c in range(table.columnCount()):
                index = model.index(r, c)
                model.clearItemData(index)  # what the last fill or the page set
                if c < len(cells):
                    model.setItemData(index, dict(cells[c]))
    table.setSortingEnabled(sorting)


def cell_value(
    table: QAbstractItemView,
    row: int,
    column: int,
    role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole,
) -> object:
    """A cell's data in `role` read from the model, not through its item (cell_text says why)."""
    return table.model().index(row, column).data(role)


def set_cell(table: QTableWidget, row: int, column: int, roles: Cell) -> None:
    """Set these roles of a cell through the model, keeping its others: a page that colours a
    cell, or gives it a tool tip or a font, never holds the item Qt made for it (cell_text)."""
    model = table.model()
    model.setItemData(model.index(row, column), dict(roles))


def cell_text(table: QAbstractItemView, row: int, column: int) -> str:
    """A cell's text read from the model, not through its item: an item Qt made (a cell filled
    with setItemData, or typed into) comes back to Python as an object Qt does not tell when it
    deletes the item, and one held on by an error's traceback (a plan row refused) outlived the
    dialog; a later window's objects at its address then came back as it, and Qt crashed (the
    rare segfaults in CI, after the plan tests; ui/header_items.py)."""
    value = table.model().index(row, column).data()
    return "" if value is None else str(value)
