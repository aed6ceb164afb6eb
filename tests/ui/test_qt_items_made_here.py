"""Every header item of every table, page by page and dialog by dialog, is made in Python, and so
is every item of the views whose items ui/ reads back (tests/ui/test_qt_items_never_read.py,
READ_BACK): Python is told when Qt deletes an item made in Python, never of one Qt made. And
walking the windows leaves no Python object of an item Qt made alive: one that outlives its
item comes back as the next Qt object at its address (the rare CI segfaults)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidgetItem,
    QWidget,
)

from tests.ui.office import shared_office
from tests.ui.page_walk import each_page
from tests.ui.tab_dialogs import DIALOGS
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui
ITEMS = (QTableWidgetItem, QListWidgetItem, QTreeWidgetItem, QStandardItem)


@pytest.fixture(scope="module")
def office(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A copy of the demo office, its queue rebuilt, shared by the module's tests (read only)."""
    yield from shared_office(demo_template, tmp_path_factory.mktemp("qtitems"))


def qt_made_alive() -> int:
    """How many Python objects of items Qt made are alive (only their wrappers are looked at:
    the items themselves may be gone)."""
    gc.collect()
    return sum(
        1
        for w in shiboken6.getAllValidWrappers()
        if isinstance(w, ITEMS) and not shiboken6.createdByPython(w)
    )


def qt_made_headers(where: str, root: QWidget) -> list[str]:
    """Each header of each table under `root` whose item Qt made."""
    found = []
    for table in root.findChildren(QTableWidget):
        name = f"{where}/{table.objectName() or type(table.parent()).__name__}"
        for n in range(table.columnCount()):
            if (item := table.horizontalHeaderItem(n)) and not shiboken6.createdByPython(item):
                found.append(f"{name}: column {n} {item.text()!r}")
        for n in range(table.rowCount()):
            if (item := table.verticalHeaderItem(n)) and not shiboken6.createdByPython(item):
                found.append(f"{name}: row {n} {item.text()!r}")
    return found


def qt_made_cells(where: str, view: QTableWidget | QListWidget) -> list[str]:
    """Each item of a view whose items ui/ reads back that Qt made (None: no item there)."""
    if isinstance(view, QListWidget):
        items = [view.item(n) for n in range(view.count())]
    else:
        cells = [(r, c) for r in range(view.rowCount()) for c in range(view.columnCount())]
        items = [view.item(r, c) for r, c in cells]
    return [
        f"{where}: {n}"
        for n, item in enumerate(items)
        if item and not shiboken6.createdByPython(item)
    ]


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_every_pages_items_read_back_are_made_here(qtbot, office, username) -> None:
    before = qt_made_alive()
    window = window_for(qtbot, office, username)
    found: list[str] = []
    for name, page in each_page(window):
        found += qt_made_headers(name, page)
        if name == "visits":
            assert page.list.rowCount() or page.calendar.rowCount(), "a week with visits"
            found += qt_made_cells("visits calendar", page.calendar)
            found += qt_made_cells("visits list", page.list)
    found += qt_made_cells("side bar", window.sidebar)
    palette = window.show_palette()
    assert palette.shown_titles()
    found += qt_made_cells("palette", palette.list)
    palette.close()
    assert found == []
    assert qt_made_alive() <= before


def test_every_dialogs_headers_are_made_here(qtbot, office, tmp_path) -> None:
    before = qt_made_alive()
    found: list[str] = []
    for name, factory in DIALOGS.items():
        dialog = factory(office, tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        found += qt_made_headers(name, dialog)
        dialog.close()
    assert found == []
    assert qt_made_alive() <= before
