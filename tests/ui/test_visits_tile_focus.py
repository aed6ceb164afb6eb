"""The dashboard's visit tiles give the keys to the visits, not to the Visits page's first button
(found by QA on a supervisor's month-end: "Visits today" left them on "◀ Previous week", and
Space then showed last week instead of today's visits)."""

from __future__ import annotations

import pytest

from tests.ui.test_dashboard import _click_tile
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("tile", ["visits_today", "late_checkouts"])
def test_a_visit_tile_gives_the_keys_to_the_week_calendar(qtbot, database, tile) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    window.sidebar.setCurrentRow(0)
    window.dashboard.tiles[tile].setFocus()
    _click_tile(qtbot, window.dashboard, tile)
    page = window.visits
    assert window.stack.currentWidget() is page
    assert window.focusWidget() is page.calendar


def test_the_keys_go_to_the_list_when_the_list_is_shown(qtbot, database) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    page = window.visits
    page.tabs.setCurrentWidget(page.list)
    window.sidebar.setCurrentRow(0)
    window.dashboard.tiles["visits_today"].setFocus()
    _click_tile(qtbot, window.dashboard, "visits_today")
    assert window.focusWidget() is page.list
