"""The Visits page as an agent: a visit on their own case that other agents go on is on the week
calendar (a row of its own under the agent's) and in the list, which says for each visit whether
it is the agent's case, their team's, or both (QA: the calendar showed only their team's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.visit_office import book, case_nos, login, slot, verified_visit, visit_office_path
from tests.ui.cells import cell_tip, header_text
from tests.ui.test_visits_page import grab
from ui.pages.visits_view import PART_COLUMN
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    """Every case is agent01's: one visit staffed by agent02 and agent03, one with agent01."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    first, second = case_nos(db)[:2]
    others = verified_visit(db, first)
    assert book(db, others, agents=("agent02", "agent03"), start=slot(10)).saved
    own = verified_visit(db, second)
    assert book(db, own, agents=("agent01", "agent02"), start=slot(14)).saved
    db.numbers = (others, own)
    yield db
    db.close()


def _window(qtbot, database, username: str):  # type: ignore[no-untyped-def]
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


def _list_parts(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        cell_text(page.list, r, 0): cell_text(page.list, r, PART_COLUMN)
        for r in range(page.list.rowCount())
    }


def test_an_agent_sees_visits_on_their_cases_that_others_go_on(qtbot, database, screenshot_dir):
    others, own = database.numbers
    window, page = _window(qtbot, database, "agent01")
    column = (slot(10).date() - page.week_start).days
    assert page.calendar.rowCount() == 2  # the agent's row, then their cases others go on
    assert header_text(page.calendar, 1, vertical=True) == "My cases,\nother teams"
    assert own in cell_tip(page.calendar, 0, column)
    assert others not in cell_tip(page.calendar, 0, column)
    assert others in cell_tip(page.calendar, 1, column)
    assert "李强, 赵敏" in cell_tip(page.calendar, 1, column)  # who goes, by name
    page._calendar_clicked(1, column)
    assert page.selected is not None and page.selected.visit_no == others
    assert page.sheet_agent == "agent01"  # the row prints no sheet of its own
    grab(window, screenshot_dir / "visits_scope_agent_calendar.png")
    page.tabs.setCurrentIndex(1)
    assert _list_parts(page) == {others: "Your case, another team", own: "Your case · on the team"}
    grab(window, screenshot_dir / "visits_scope_agent_list.png")
    set_language("zh_CN")
    try:
        window, page = _window(qtbot, database, "agent01")
        assert header_text(page.calendar, 1, vertical=True) == "我的案件，\n他人上门"
        grab(window, screenshot_dir / "visits_scope_agent_calendar_zh.png")
        page.tabs.setCurrentIndex(1)
        assert _list_parts(page) == {others: "我的案件，他人上门", own: "我的案件 · 我在团队中"}
        assert header_text(page.list, PART_COLUMN) == "我的关系"
        grab(window, screenshot_dir / "visits_scope_agent_list_zh.png")
    finally:
        set_language(None)


def test_the_team_and_a_supervisor_see_no_such_row(qtbot, database):
    others, own = database.numbers
    _window_, team = _window(qtbot, database, "agent02")
    assert team.calendar.rowCount() == 1
    assert _list_parts(team) == {others: "On the team", own: "On the team"}
    _window_, page = _window(qtbot, database, "supervisor")
    assert page.calendar.rowCount() == 4  # every agent's row, none apart
    assert page.list.isColumnHidden(PART_COLUMN)
    assert set(_list_parts(page)) == {others, own}
