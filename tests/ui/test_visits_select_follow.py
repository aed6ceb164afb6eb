"""The Visits page's selection: a visit picked on the week calendar is selected in the list and
the other way round, for an agent (their row and the "My cases, other teams" row) as for a
supervisor; and the line naming the selected visit says its status as the list's Status column
does (QA: the list stayed unselected after a calendar click, for every role, and the line said
"booked")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.visit_office import book, case_nos, login, slot, verified_visit, visit_office_path
from tests.ui.cells import cell_rect, cell_tip, header_text, selected_cells
from tests.ui.test_visits_page import grab
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

STATUS = 3  # the list's Status column


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    """Every case is agent01's: one visit staffed by agent02 and agent03 (on agent01's "My
    cases, other teams" row), one by agent01 and agent02, and one verified, not yet booked."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    first, second, _no_clause, fourth = case_nos(db)[:4]
    others = verified_visit(db, first)
    assert book(db, others, agents=("agent02", "agent03"), start=slot(10)).saved
    own = verified_visit(db, second)
    assert book(db, own, agents=("agent01", "agent02"), start=slot(14)).saved
    db.numbers = (others, own, verified_visit(db, fourth))
    yield db
    db.close()


def _page(qtbot, database, username: str):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, username))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.visits)
    page = window.visits
    page.show_week(slot(10).date())
    return window, page


def _click(qtbot, page, row: int, column: int) -> None:  # type: ignore[no-untyped-def]
    """A mouse click on the calendar's cell, as a user makes it."""
    page.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    rect = cell_rect(page.calendar, row, column)
    qtbot.mouseClick(page.calendar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _in_list(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell_text(page.list, i.row(), 0) for i in page.list.selectionModel().selectedRows()]


def _in_calendar(page) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return selected_cells(page.calendar)


def _list_row(page, number: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(page.list.rowCount()) if cell_text(page.list, r, 0) == number)


def test_a_calendar_click_selects_the_visit_in_an_agents_list(qtbot, database, screenshot_dir):
    others, own, unbooked = database.numbers
    window, page = _page(qtbot, database, "agent01")
    column = (slot(10).date() - page.week_start).days
    assert header_text(page.calendar, 1, vertical=True) == "My cases,\nother teams"
    _click(qtbot, page, 1, column)  # a visit on agent01's case that only others go on
    assert page.selected is not None and page.selected.visit_no == others
    assert _in_list(page) == [others]
    _click(qtbot, page, 0, column)  # agent01's own row
    assert page.selected is not None and page.selected.visit_no == own
    assert _in_list(page) == [own]
    empty = (column + 1) % 7
    _click(qtbot, page, 0, empty)  # a day without visits: nothing selected anywhere
    assert page.selected is None and _in_list(page) == []
    # And back: a row picked in the list is the calendar's selected cell.
    page.tabs.setCurrentIndex(1)
    page.list.selectRow(_list_row(page, others))
    assert page.selected is not None and page.selected.visit_no == others
    assert _in_calendar(page) == [(1, column)]
    page.list.selectRow(_list_row(page, own))
    assert _in_calendar(page) == [(0, column)]
    page.list.selectRow(_list_row(page, unbooked))  # no day yet: not on the calendar
    assert page.selected is not None and page.selected.visit_no == unbooked
    assert _in_calendar(page) == []
    # A refill (what changed is announced) keeps the highlight on the same visit.
    _click(qtbot, page, 1, column)
    page.hub.changed.emit({"visit"})
    assert _in_list(page) == [others] and _in_calendar(page) == [(1, column)]
    page.tabs.setCurrentIndex(1)
    grab(window, screenshot_dir / "visits_select_follow_agent_list.png")


def test_a_supervisors_calendar_and_list_follow_each_other(qtbot, database):
    others, own, _unbooked = database.numbers
    _window, page = _page(qtbot, database, "supervisor")
    column = (slot(10).date() - page.week_start).days
    agents = [username for username, _name in page.calendar_data.agents]
    # The later of its two agents' rows: a refill must not fall back to the first.
    later = max(agents.index("agent02"), agents.index("agent03"))
    _click(qtbot, page, later, column)
    assert page.selected is not None and page.selected.visit_no == others
    assert _in_list(page) == [others]
    # A visit is in each of its agents' rows: a refill keeps the one clicked.
    page.hub.changed.emit({"visit"})
    assert _in_list(page) == [others] and _in_calendar(page) == [(later, column)]
    page.list.selectRow(_list_row(page, own))
    rows = {agents.index("agent01"), agents.index("agent02")}
    assert _in_calendar(page) == [(min(rows), column)]
    assert page.sheet_agent == agents[min(rows)]  # the cell selected is the sheet that prints


def test_the_selected_line_says_the_status_as_the_list_does(qtbot, database, screenshot_dir):
    others, own, _unbooked = database.numbers
    window, page = _page(qtbot, database, "agent01")
    column = (slot(10).date() - page.week_start).days
    _click(qtbot, page, 1, column)
    row = _list_row(page, others)
    borrower = cell_text(page.list, row, 2)
    assert cell_text(page.list, row, STATUS) == "Booked"
    assert page.selection_label.text() == f"Selected: {others} · {borrower} · Booked"
    assert "· Booked ·" in cell_tip(page.calendar, 1, column)
    grab(window, screenshot_dir / "visits_select_follow_agent.png")
    set_language("zh_CN")
    try:
        window, page = _page(qtbot, database, "agent01")
        _click(qtbot, page, 1, column)
        assert cell_text(page.list, _list_row(page, others), STATUS) == "已预约"
        assert page.selection_label.text() == f"已选：{others} · {borrower} · 已预约"
        assert _in_list(page) == [others]
        grab(window, screenshot_dir / "visits_select_follow_agent_zh.png")
    finally:
        set_language(None)


def _key(qtbot, page, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """An arrow key pressed on the calendar, as a user moves its cell."""
    qtbot.keyClick(page.calendar, key)


def test_the_arrow_keys_select_the_visit_in_the_calendars_cell(qtbot, database, screenshot_dir):
    """QA: the arrow keys moved the calendar's cell but left the visit in it unselected (and the
    list unfollowed) where a click selects it."""
    others, own, _unbooked = database.numbers
    window, page = _page(qtbot, database, "agent01")
    column = (slot(10).date() - page.week_start).days
    _click(qtbot, page, 0, column)
    assert page.selected is not None and page.selected.visit_no == own
    _key(qtbot, page, Qt.Key.Key_Down)  # to "My cases, other teams"
    assert _in_calendar(page) == [(1, column)]
    assert page.selected is not None and page.selected.visit_no == others
    assert _in_list(page) == [others]
    assert page.selection_label.text().startswith(f"Selected: {others} · ")
    sideways = Qt.Key.Key_Left if column else Qt.Key.Key_Right
    _key(qtbot, page, sideways)  # a day without visits: nothing selected anywhere
    assert page.selected is None and _in_list(page) == []
    assert page.sheet_day == page.calendar_data.days[column + (-1 if column else 1)]
    _key(qtbot, page, Qt.Key.Key_Right if column else Qt.Key.Key_Left)
    _key(qtbot, page, Qt.Key.Key_Up)  # back to agent01's own row
    assert page.selected is not None and page.selected.visit_no == own
    assert _in_list(page) == [own] and _in_calendar(page) == [(0, column)]
    # A visit picked in the list moves the cell without the calendar picking another one.
    page.list.selectRow(_list_row(page, others))
    assert page.selected is not None and page.selected.visit_no == others
    assert _in_calendar(page) == [(1, column)]
    page.hub.changed.emit({"visit"})  # a refill keeps it
    assert page.selected is not None and page.selected.visit_no == others
    grab(window, screenshot_dir / "visits_select_keys_agent.png")
