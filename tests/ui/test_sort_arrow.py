"""A lazy list's sort arrow stays on the column its rows are sorted by. A click on a column they
cannot be sorted by (the audit's Hash, a compliance entry's reason) moved the arrow there while
the rows stayed in time order, and the window remembered it for the next start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.test_queue import database, window_for  # noqa: F401 (fixture)
from ui.pages.audit import HASH_COLUMN
from ui.table_state import PREFIX, restore, save, settings

pytestmark = pytest.mark.gui
DESCENDING = Qt.SortOrder.DescendingOrder
WHEN = 1  # the audit's time column, after the entry's number


def _click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    qtbot.wait(10)


def _column(table, column: int, rows: int = 8) -> list[str]:
    return [table.model().index(r, column).data() for r in range(rows)]


def test_a_click_on_a_column_rows_cannot_sort_by_leaves_the_arrow(qtbot, database) -> None:  # noqa: F811
    window = window_for(qtbot, database, "admin")
    window.show_page(window.audit)
    table = window.audit.table
    header = table.horizontalHeader()
    when = _column(table, WHEN)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (WHEN, DESCENDING)
    assert not table.model().sortable(HASH_COLUMN)
    _click_header(qtbot, table, HASH_COLUMN)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (WHEN, DESCENDING)
    assert _column(table, WHEN) == when  # and the rows, as they were

    # A column the rows can be sorted by still takes the arrow, and sorts them.
    window.show_page(window.compliance_log)
    log = window.compliance_log.table
    agent = 2
    assert log.model().sortable(agent)
    _click_header(qtbot, log, agent)
    assert log.horizontalHeader().sortIndicatorSection() == agent
    # The first rows (the log may hold fewer than 20 at the hour the tests run).
    agents = _column(log, agent, min(20, log.model().rowCount()))
    assert agents == sorted(agents) and len(set(agents)) > 1


def test_an_arrow_saved_on_such_a_column_is_put_back(qtbot, database) -> None:  # noqa: F811
    window = window_for(qtbot, database, "admin")
    window.show_page(window.audit)
    table = window.audit.table
    header = table.horizontalHeader()
    blocked = header.blockSignals(True)  # as an earlier version left it saved
    header.setSortIndicator(HASH_COLUMN, Qt.SortOrder.AscendingOrder)
    header.blockSignals(blocked)
    save(table, "test-sort-arrow")
    try:
        assert restore(table, "test-sort-arrow")
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (WHEN, DESCENDING)
    finally:
        settings().remove(f"{PREFIX}/test-sort-arrow")
