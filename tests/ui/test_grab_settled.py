"""Screenshots show the window the user sees (tests/ui/shots.py): taken once the work after the
first paint has run (the icons) and the layouts have made room for the Alt+letters, no word is cut
off. A picture taken straight after show() with one processEvents had "操作人(W" and "从(O" on the
Chinese Audit page, and a case page without its side bar's icons."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import set_language
from tests.ui.clipping import clipped
from tests.ui.shots import grab
from tests.ui.test_audit_page import _add_entries
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)
from ui.deferred import waiting

pytestmark = pytest.mark.gui


def test_chinese_audit_page_grabbed_whole(qtbot, database, screenshot_dir: Path) -> None:  # noqa: F811
    _add_entries(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        window.show_page(window.audit)
        grab(window, screenshot_dir / "grab_settled_audit_zh_CN.png")
        assert clipped(window) == []
        assert not waiting(window)  # the icons are in
    finally:
        set_language("en")


def test_english_case_page_grabbed_whole(qtbot, database, screenshot_dir: Path) -> None:  # noqa: F811
    set_language("en")
    window = window_for(qtbot, database)
    window.open_case(window.queue.model.id_at(0))
    assert window.stack.currentWidget() is window.cases
    grab(window, screenshot_dir / "grab_settled_case_en.png")
    assert clipped(window) == []
    assert not waiting(window)  # the icons are in
