"""Header items a page sets a tool tip or text on are made in Python (ui/header_items.py): an
item Qt made (`setVerticalHeaderLabels`) and read back as a Python object is not told when Qt
deletes it, and while that object lives a new Qt object at the item's address comes back to
Python as the stale item (a CI run: a new window's status bar read as a QTableWidgetItem).
The Visits calendar refills its headers at every week shown; the training table at every
filter."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from tests.core.visit_office import slot
from tests.ui.cells import header_tip
from tests.ui.test_visits_scope import _window
from tests.ui.test_visits_scope import database as database  # a visit office, agent01's cases
from ui.header_items import set_headers


def _made_here(table: QTableWidget, vertical: bool) -> list[bool]:
    count = table.rowCount() if vertical else table.columnCount()
    read = table.verticalHeaderItem if vertical else table.horizontalHeaderItem
    return [shiboken6.createdByPython(item) for n in range(count) if (item := read(n))]


def test_the_calendars_agent_headers_are_made_here(qtbot, database) -> None:
    _window_, page = _window(qtbot, database, "agent01")
    page.show_week(slot(10).date())  # refilled: Qt deleted the items of the first fill
    made = _made_here(page.calendar, vertical=True)
    assert made and all(made)
    assert header_tip(page.calendar, 0, vertical=True)  # the agent, whole
    assert header_tip(page.calendar, 1, vertical=True) == (
        "Visits on your cases that other agents go on"
    )


def test_the_training_tables_course_headers_are_made_here(qtbot, database) -> None:
    window, _page = _window(qtbot, database, "supervisor")
    window.show_page(window.training)
    made = _made_here(window.training.table, vertical=False)
    assert made and all(made)


def test_a_stale_item_is_told_when_made_here(qtbot) -> None:
    """Why: Qt's own header item, read back, stays "valid" after Qt deletes it; one made here
    does not."""
    table = QTableWidget(2, 2)
    qtbot.addWidget(table)
    table.setVerticalHeaderLabels(["a", "b"])
    theirs = table.verticalHeaderItem(0)
    set_headers(table, ["c", "d"], ["tip c", ""], Qt.Orientation.Vertical)
    ours = table.verticalHeaderItem(0)
    assert isinstance(ours, QTableWidgetItem) and ours.toolTip() == "tip c"
    table.clear()
    assert not shiboken6.isValid(ours)
    assert shiboken6.isValid(theirs)  # deleted by Qt long ago, and Python was never told
