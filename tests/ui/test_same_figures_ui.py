"""With a queue date set in the past, the dashboard's training tiles count what the Agents &
training page they open lists (the office's today: who may call and visit now), and the heading
says which day is which. Before, an agent whose course lapsed after the queue date was on the
page's Lapsed list and not on the tile that opened it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import settings
from app.i18n import set_language
from app.office import office_today
from app.training import CourseStatus, office_training
from tests.ui.test_dashboard import _click_tile, _figures, window_for
from tests.ui.test_queue import grab, login, open_office
from tests.ui.test_queue_date_today_ui import past_queue_date_heading

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _queue_date_before_a_lapse(database) -> str:
    """Set the queue date to the last valid day of a demo agent's lapsed course; their name."""
    with database.sessions() as s:
        agent, course = next(
            (a, c)
            for a in office_training(s, office_today(s))
            for c in a.courses
            if c.status is CourseStatus.LAPSED and c.required_for != "none"
        )
    with database.session() as s:
        settings.put(s, login(database), "queue.as_of", course.expires_on.isoformat())
    return agent.username


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_training_tiles_count_what_the_page_they_open_lists(
    qtbot, database, lang, screenshot_dir
) -> None:
    username = _queue_date_before_a_lapse(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.dashboard
        d = _figures(database)
        grab(window, screenshot_dir / f"same_queue_date_dashboard_{lang}.png")
        shown = {
            key: page.tiles[key].value.text() for key in ("training_lapsed", "training_expiring")
        }
        _click_tile(qtbot, page, "training_lapsed")
        training = window.training
        assert window.stack.currentWidget() is training
        assert training.filter.currentData() == "lapsed"
        assert training.select_agent(username)
        assert shown["training_lapsed"] == f"{training.table.rowCount():,}"
        window.show_page(page)
        _click_tile(qtbot, page, "training_expiring")
        assert shown["training_expiring"] == f"{training.table.rowCount():,}"
        assert page.heading.text() == past_queue_date_heading(d)
    finally:
        set_language("en")
