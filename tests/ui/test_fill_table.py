"""Refilling a shared table (ui.widgets.fill_table) over hundreds of rows (QA: a case's timeline of
427 events took 4.7 s to refill on each reload, a loan's schedule 0.2 s): the columns that fit
their text are measured once per refill, not once per cell; what the pages rely on stays — the
selected row, the scroll position, sorting, tooltips, the wrapped tables' row heights."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget

from tests.ui.cells import cell_alignment, cell_foreground, cell_tip
from ui import widgets
from ui.pages.case_timeline import timeline_table
from ui.table_fill import FOREGROUND, cell_text, set_cell
from ui.widgets import DetailTable, detail_table, fill_table

pytestmark = pytest.mark.gui


class MeasuredTable(DetailTable):
    """A DetailTable that counts how often a column's contents are measured."""

    measured = 0

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 (Qt override)
        MeasuredTable.measured += 1
        return super().sizeHintForColumn(column)


def _events(count: int, tag: str) -> list[list[str]]:
    """Rows as the case page's timeline shows them, the detail long enough to wrap."""
    return [
        [
            f"2026-11-{n % 28 + 1:02d} 10:{n % 60:02d}",
            "Contact",
            f"Phone call {tag}{n}",
            f"借款人称已安排家人代为还款 {tag}{n}; promised 1,200.00 by Friday. " * (1 + n % 3),
        ]
        for n in range(count)
    ]


def _shown(qtbot, table: QTableWidget) -> None:
    qtbot.addWidget(table)
    table.resize(900, 500)
    table.show()
    qtbot.waitExposed(table)


@pytest.mark.parametrize("count", [30, 300])
def test_a_refill_measures_the_columns_a_few_times_whatever_the_rows(
    qtbot, monkeypatch, count
) -> None:
    monkeypatch.setattr(widgets, "DetailTable", MeasuredTable)
    table = timeline_table()
    assert isinstance(table, MeasuredTable)
    _shown(qtbot, table)
    fill_table(table, _events(count, "a"))
    qtbot.wait(10)
    MeasuredTable.measured = 0
    fill_table(table, _events(count, "b"))  # the case reloaded after a contact was logged
    assert cell_text(table, count - 1, 2) == f"Phone call b{count - 1}"
    # Each column that fits its text (When, Type) a few times for the whole table — before, each
    # of the 4 × count cells set measured both over all the rows (2,403 times for 300 rows).
    assert MeasuredTable.measured <= 4 * table.columnCount()


def test_a_refill_keeps_the_selected_row_and_the_scroll_position(qtbot) -> None:
    table = detail_table(("No.", "Borrower", "Amount"), numeric=(2,))
    _shown(qtbot, table)
    rows = [[f"C{n:06d}", f"张伟{n}", f"{n},000.00"] for n in range(400)]
    fill_table(table, rows)
    table.selectRow(250)
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(10)
    before = (table.currentRow(), [i.row() for i in table.selectionModel().selectedRows()])
    fill_table(table, rows)  # the page refreshed: the same rows
    qtbot.wait(10)
    assert (table.currentRow(), [i.row() for i in table.selectionModel().selectedRows()]) == before
    assert bar.value() == bar.maximum() // 2 > 0


def test_a_refill_ends_as_a_first_fill_of_its_rows_does(qtbot) -> None:
    """Widths, wrapped heights, tooltips, alignment as a fresh table's; a colour a page painted
    on the last fill's cell is gone."""
    table, fresh = timeline_table(), timeline_table()
    for t in (table, fresh):
        _shown(qtbot, t)
    fill_table(table, _events(200, "a"))
    set_cell(table, 3, 2, {FOREGROUND: QColor("#b00020")})
    qtbot.wait(10)
    rows = [[*r[:2], r[2] + " (longer than before)", r[3]] for r in _events(120, "b")]
    fill_table(table, rows)
    fill_table(fresh, rows)
    qtbot.wait(10)
    assert table.rowCount() == 120
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths == [fresh.columnWidth(c) for c in range(fresh.columnCount())]
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    assert heights == [fresh.rowHeight(r) for r in range(fresh.rowCount())]
    assert len(set(heights)) > 1  # the longer details wrap onto more lines
    assert cell_tip(table, 5, 3) == rows[5][3]  # the last column's whole text
    assert cell_foreground(table, 3, 2) == cell_foreground(fresh, 3, 2)
    assert cell_alignment(table, 3, 2) & Qt.AlignmentFlag.AlignLeft.value


def test_a_sorted_table_is_filled_row_by_row_then_sorted(qtbot) -> None:
    """Sorting stays on, and sorts the rows as filled: a cell set in the sorted column used to move
    its row before the row's other cells were set."""
    table = detail_table(("Case no.", "Borrower"))
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    _shown(qtbot, table)
    rows = [[f"C{n:03d}", f"borrower of C{n:03d}"] for n in (5, 3, 9, 1, 7)]
    fill_table(table, rows)
    fill_table(table, rows)
    assert table.isSortingEnabled()
    got = [(cell_text(table, r, 0), cell_text(table, r, 1)) for r in range(table.rowCount())]
    assert got == sorted((r[0], r[1]) for r in rows)


def test_filling_does_not_lose_a_reference_to_none_per_cell(qtbot) -> None:
    """PySide6 6.12 loses a reference to None on most Qt calls that return nothing, setItem among
    them: filled cell by cell with it, a table drained None a cell at a time towards Python's
    abort ("deallocating None"). fill_table's own such calls stay a few per fill, whatever its
    rows."""
    import gc
    import sys

    table = timeline_table()
    _shown(qtbot, table)
    fill_table(table, _events(10, "warm"))
    gc.collect()
    before = sys.getrefcount(None)
    for tag in "abc":
        fill_table(table, _events(200, tag))  # 3 × 800 cells
    gc.collect()
    assert before - sys.getrefcount(None) < 2400 // 10
