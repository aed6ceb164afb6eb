"""The dashboard's "Visits needing a safety call" tile follows the clock: a visit that passes
its end while the dashboard is shown is counted at the page's next minute; while another
page is shown, when the dashboard is shown again. QA: the tile kept the count of the page's last
refresh, which only a change announced in this window brought, so a missed check-out (a safety
alert) went uncounted on an open dashboard and on coming back to it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from tests.ui.test_visit_late_agent import _late, _window
from tests.ui.test_visit_reschedule_dialog import database  # noqa: F401 (fixture)
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui


def a_minute_passes(page) -> None:  # type: ignore[no-untyped-def]
    """What the page's minute timers run (none: nothing)."""
    for timer in page.findChildren(QTimer):
        if timer.isActive() and timer.interval() == 60_000:
            timer.timeout.emit()


def test_the_late_tile_counts_a_visit_gone_late_within_a_minute(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    window = _window(qtbot, database, "supervisor")
    board = window.dashboard
    window.show_page(board)
    board.refresh()
    qtbot.waitUntil(lambda: board.figures is not None, timeout=5000)
    assert board.figures.visits_late_checkout == 0
    first = _late(database, 0, ("agent01", "agent02"))  # checked in elsewhere, past its end
    a_minute_passes(board)
    assert board.figures.visits_late_checkout == 1
    assert board.tiles["late_checkouts"].value.text() == "1"
    grab(window, screenshot_dir / "dashboard_late_minute.png")
    window.show_page(window.queue)  # away from the dashboard, a second visit goes late
    second = _late(database, 1, ("agent03", "agent02"))
    assert first != second
    a_minute_passes(board)
    window.show_page(board)
    assert board.figures.visits_late_checkout == 2
    assert board.tiles["late_checkouts"].value.text() == "2"
