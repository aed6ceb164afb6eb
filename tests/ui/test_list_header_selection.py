"""A lazy list's column headers keep a selection of their own, always empty: rows are selected
whole, so no column has anything to mark, and a header sharing the table's selection asked at
each paint whether every row of each column was selected, a row at a time (0.3 s a paint with the
21,000-case queue of the 100,000-loan office all selected)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_queue import database, window_for  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("page", ["queue", "borrowers", "loans", "compliance_log", "audit"])
def test_selecting_every_row_marks_no_column(qtbot, database, page) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    window.show_page(getattr(window, page))
    table = getattr(window, page).table
    table.setFocus()
    if page == "queue":
        table.model().count_now()
        table.selectAll()  # several rows may be selected there: Ctrl+A
    else:
        table.selectRow(0)
    qtbot.wait(10)
    assert table.selectionModel().hasSelection()
    header = table.horizontalHeader()
    assert header.selectionModel() is not table.selectionModel()
    assert header.selectionModel().model() is table.model()
    assert not header.selectionModel().hasSelection()
    assert not header.highlightSections()
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # a new order: still the header's own
    assert header.selectionModel() is not table.selectionModel()
