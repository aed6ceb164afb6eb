"""Every tab of the Settings dialog is in view, its title whole, in either language: with their
Alt+letters the Chinese titles ("本工作站(&W)") no longer fitted 720 px, and the tab bar's scroll
arrows hid This workstation (in English, whose titles are longer, they hid Office already)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QToolButton

from tests.ui import test_queue
from tests.ui.test_mnemonics import opened
from tests.ui.test_queue import grab, login

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_settings_tab_is_in_view(qtbot, database, lang, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from app.i18n import set_language
    from ui.dialogs.settings import SettingsDialog

    set_language(lang)
    try:
        dialog = opened(qtbot, SettingsDialog(database, login(database, "admin")))
        QApplication.processEvents()  # laid out again with the letters
        bar = dialog.tabs.tabBar()
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
        assert not arrows, "the tab bar scrolls"
        for i in range(bar.count()):
            assert bar.rect().contains(bar.tabRect(i)), (bar.tabText(i), bar.tabRect(i))
        grab(dialog, screenshot_dir / f"settings_tabs_{lang}.png")
    finally:
        set_language("en")
