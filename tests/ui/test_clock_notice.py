"""The window warns, in its status bar, when this computer's clock is on another zone than the
office's: the offsets, and a link to what to do; nothing when they agree. English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from ui.clock_notice import show_clock_warning
from ui.start_checks import start_checks

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_a_computer_on_utc_is_warned(qtbot, database, computer_zone, screenshot_dir) -> None:
    computer_zone("UTC")
    window = window_for(qtbot, database)
    start_checks(window, database, window.user)
    label = window.statusBar().findChild(QLabel, "clock_warning")
    assert label is not None and label.isVisible()
    assert "This computer's clock is on UTC+00:00, the office's on UTC+08:00." in label.text()
    assert "Set this computer's time zone to the office's" in label.toolTip()
    grab(window, screenshot_dir / "clock_warning.png")
    label.linkActivated.emit("details")
    box = window.findChild(QMessageBox, "clock_advice")
    assert box is not None and box.isVisible() and "differ from this computer's clock" in box.text()
    box.close()


def test_the_warning_in_chinese(qtbot, database, computer_zone, screenshot_dir) -> None:
    computer_zone("Europe/London")
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        label = show_clock_warning(window, database)
        assert label is not None
        assert "本机时钟为 UTC+0" in label.text() and "营业部时区为 UTC+08:00" in label.text()
        assert "如何处理" in label.text()
        grab(window, screenshot_dir / "clock_warning_zh_CN.png")
    finally:
        set_language("en")


def test_no_warning_when_the_clocks_agree(qtbot, database, computer_zone) -> None:
    computer_zone("Asia/Shanghai")
    window = window_for(qtbot, database)
    assert show_clock_warning(window, database) is None
    assert window.statusBar().findChild(QLabel, "clock_warning") is None
