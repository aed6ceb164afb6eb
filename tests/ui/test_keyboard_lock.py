"""The idle lock worked with the keys: Tab goes round its password and Unlock. From Unlock it went
on to the side bar under the cover, where the lock swallows every key: the password could not be
typed again, nor Tab pressed back, without a mouse (ui/idle.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout

from tests.ui.test_keyboard_day import activate, press
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_tab_goes_round_the_lock_and_the_password_unlocks(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    lock = window.idle_lock
    press(qtbot, window, "Ctrl+L")
    assert lock.is_locked()
    cover = lock.overlay
    assert QApplication.focusWidget() is cover.password
    seen = []
    for key in ("Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab"):
        press(qtbot, window, key)
        seen.append(QApplication.focusWidget())
    assert seen == [
        cover.unlock_button,
        cover.password,
        cover.unlock_button,
        cover.password,
        cover.unlock_button,
    ]
    press(qtbot, window, "Tab")  # back in the password, where the keys type it
    qtbot.keyClicks(QApplication.focusWidget(), "demo")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not lock.is_locked()


def test_the_lock_shows_no_alt_letter(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    """Its Alt+letters were the window's leftovers ("Unlock(7)", "Password(8)", the letters of the
    controls under the cover being taken) and did nothing: the lock lets no shortcut through.
    Enter unlocks from the password, and Tab has two stops."""
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+L")
    cover = window.idle_lock.overlay
    press(qtbot, window, "Tab")  # the keyboard moves in the window: letters are given
    label = cover.findChild(QFormLayout).labelForField(cover.password)
    assert "&" not in cover.unlock_button.text() and "&" not in label.text()
