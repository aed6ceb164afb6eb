"""Switching language in Settings: saved on the user's row, the window re-created in Chinese
(side bar, menus, pages) without logging out, Qt's own buttons translated, and back again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import current_language, set_language
from app.models import User
from tests.ui.test_queue import grab, open_office, window_for
from ui.commands import OPEN_WINDOWS

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    from ui.language import apply_language

    apply_language("en")
    while OPEN_WINDOWS:
        OPEN_WINDOWS.pop().close()


def _choose(qtbot, window, lang: str):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    qtbot.addWidget(dialog)
    combo = dialog.fields["language"]
    combo.setCurrentIndex(combo.findData(lang))
    result = dialog.try_save()
    assert result is not None and result.language_changed
    return window.settings_saved(result)


def test_switch_to_chinese_and_back(qtbot, database, screenshot_dir) -> None:
    window = window_for(qtbot, database, "agent01")
    window.show_page(window.queue)
    assert window.sidebar.item(0).text() == "Dashboard"
    chinese = _choose(qtbot, window, "zh_CN")
    qtbot.addWidget(chinese)
    assert current_language() == "zh_CN"
    titles = [chinese.sidebar.item(i).text() for i in range(chinese.sidebar.count())]
    assert titles[:3] == ["总览", "工作队列", "案件"]
    assert [a.text() for a in chinese.menuBar().actions()][0] == "文件(&F)"
    assert chinese.user.username == "agent01"  # still logged in, same page
    assert chinese.stack.currentWidget() is chinese.queue
    assert chinese.dashboard.tiles["overdue"].title.text() == "逾期金额"
    # Qt's own strings (standard buttons, file dialogs) come from qtbase_zh_CN.qm.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    with database.sessions() as s:
        assert s.scalar(select(User.language).where(User.username == "agent01")) == "zh_CN"
    grab(chinese, screenshot_dir / "queue_after_switch_zh_CN.png")
    english = _choose(qtbot, chinese, "en")
    qtbot.addWidget(english)
    assert english.sidebar.item(1).text() == "Work queue"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_users_language_applies_at_login(qtbot, database) -> None:
    from app.office_settings import set_user_language
    from ui.language import apply_language

    with database.session() as s:
        me = s.scalar(select(User).where(User.username == "agent02"))
        set_user_language(s, me, "zh_CN")
        language = me.language
    try:
        assert apply_language(language) == "zh_CN"
        window = window_for(qtbot, database, "agent02")
        assert window.sidebar.item(1).text() == "工作队列"
        assert apply_language(None) == "en"  # "system default" here is CASEDESK_LANG=en
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_page_in_both_sizes(qtbot, database, screenshot_dir, lang) -> None:
    """A screenshot of every side-bar page at 1366×768 and 1920×1080 (look at them); in Chinese
    no side-bar title or menu is left in English."""
    set_language(lang)
    try:
        window = window_for(qtbot, database, "admin")
        titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
        menus = [a.text() for a in window.menuBar().actions()]
        if lang == "zh_CN":
            assert not [t for t in titles + menus if t.isascii()], titles + menus
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            for row in range(window.sidebar.count()):
                window.sidebar.setCurrentRow(row)
                name = type(window.stack.currentWidget()).__name__.removesuffix("Page").lower()
                grab(window, screenshot_dir / f"page_{row:02d}_{name}_{lang}_{width}.png")
    finally:
        set_language("en")
