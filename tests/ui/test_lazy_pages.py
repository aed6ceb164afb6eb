"""The main window builds a page when it is first shown or asked for, not at start: a start pays
for the first page only, and the dashboard's charts and the icons come after the first paint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.cells import cell_icon
from tests.ui.test_queue import login, open_office
from ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _window(qtbot, database, show: bool = True) -> MainWindow:
    window = MainWindow(database, login(database, "supervisor"))
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def test_only_the_start_page_is_built_at_start(qtbot, database) -> None:
    window = _window(qtbot, database, show=False)
    assert set(window.built) == {"queue"}  # the window opens on the work queue
    assert window.stack.currentWidget() is window.built["queue"]
    assert window.sidebar.currentRow() == window.page_names.index("queue")
    assert window.stack.count() == window.sidebar.count() == len(window.page_names)
    assert window.page_names == [p.name for p in PAGES]  # the supervisor sees every page
    assert window.page_names[0] == "dashboard"  # first in the side bar, a click away
    assert window.dashboard._charts is None  # not before the dashboard's first paint


def test_a_page_is_built_when_its_side_bar_row_is_chosen(qtbot, database) -> None:
    window = _window(qtbot, database)
    row = window.page_names.index("loans")
    stand_in = window.stack.widget(row)
    window.sidebar.setCurrentRow(row)
    assert "loans" in window.built
    page = window.built["loans"]
    assert window.stack.currentWidget() is page is window.loans
    assert window.stack.indexOf(page) == row and window.stack.count() == len(window.page_names)
    assert stand_in is not page
    assert page.table.model().rowCount() > 0  # a real page with its data
    window.sidebar.setCurrentRow(0)
    window.sidebar.setCurrentRow(row)
    assert window.built["loans"] is page  # built once


def test_asking_for_a_page_builds_it_in_its_place_without_showing_it(qtbot, database) -> None:
    window = _window(qtbot, database)
    loans = window.loans
    assert window.stack.indexOf(loans) == window.page_names.index("loans")
    assert window.stack.currentWidget() is window.queue  # still on the start page
    window.show_page(loans)
    assert window.stack.currentWidget() is loans
    assert window.sidebar.currentRow() == window.page_names.index("loans")


def test_charts_and_icons_follow_the_first_paint(qtbot, database) -> None:
    window = _window(qtbot, database)
    qtbot.waitUntil(lambda: not cell_icon(window.sidebar, 0, 0).isNull(), timeout=5000)
    assert window.dashboard._charts is None  # built, not yet shown
    window.show_page(window.dashboard)
    qtbot.waitUntil(lambda: window.dashboard._charts is not None, timeout=5000)
    figures = window.dashboard.figures
    assert figures is not None
    assert list(window.dashboard.aging.bars.opts["height"]) == [b.amount for b in figures.buckets]


def test_an_agent_has_no_pages_of_a_supervisor(qtbot, database) -> None:
    window = MainWindow(database, login(database, "agent01"))
    qtbot.addWidget(window)
    if "audit" not in window.page_names:
        assert window.audit is None
    assert all(window.page(name) is not None for name in window.page_names[:3])


def test_splitter_positions_of_opened_pages_are_remembered(qtbot, database) -> None:
    window = _window(qtbot, database)
    assert window._splitters() == {}  # no page with a splitter opened yet: nothing to save
    window.show_page(window.loans)
    window.loans.splitter.setSizes([700, 300])
    QApplication.processEvents()
    sizes = window.loans.splitter.sizes()
    window.save_state()
    window.close()
    again = _window(qtbot, database)
    again.show_page(again.loans)
    QApplication.processEvents()
    assert again.loans.splitter.sizes() == sizes
