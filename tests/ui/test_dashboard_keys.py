"""Ctrl+1 gives the Dashboard's keys to its first tile, framed as it has them, where Enter or
Space opens its list; they went to the page's scroll area, which shows no sign of them, so the
page looked as if nothing had the keys until a Tab. (The other pages Ctrl+digit brings up give
the keys to a list, whose current cell is framed, or to a field, which shows its caret.) On a
copy of the demo office, real widgets, in English and Chinese; screenshots."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.shots import grab
from tests.ui.test_keyboard_day import activate, database, press
from tests.ui.test_queue import window_for
from ui.pages.dashboard_tile import Tile

__all__ = ["database"]
pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("who", ["supervisor", "agent01"])
def test_ctrl_1_gives_the_keys_to_the_first_tile(  # type: ignore[no-untyped-def]
    qtbot, database, screenshot_dir, lang: str, who: str
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database, who)
        activate(qtbot, window)
        press(qtbot, window, "Ctrl+1")
        page = window.dashboard
        assert window.stack.currentWidget() is page
        first = next(t for t in page.tiles.values() if t.isVisibleTo(page))
        assert QApplication.focusWidget() is first and isinstance(first, Tile)
        if who == "supervisor":
            grab(window, screenshot_dir / f"dashboard-keys-{lang}.png")
        first.clicked.disconnect()  # its list would open as a modal dialog: here, only seen
        with qtbot.waitSignal(first.clicked, timeout=2000):
            press(qtbot, window, "Space")  # the keys are really there: Space clicks the tile
        press(qtbot, window, "Ctrl+2")  # a page with a list still gives the keys to it
        assert QApplication.focusWidget() is window.queue.table
    finally:
        set_language("en")
