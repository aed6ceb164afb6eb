"""Keep editing, chosen with the keys after Escape asked "Discard what you typed?", gives the
keyboard back to the field it was in: it went nowhere (no window active, no widget focused) where
no window manager hands the activation back, so the next keys typed were lost (ui/discard.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.test_keyboard_day import ModalCloser
from tests.ui.test_keyboard_names import first_case, shown
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_keep_editing_gives_the_keys_back_to_the_field(qtbot, database) -> None:
    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, database, "agent01")
    dialog = shown(qtbot, ContactDialog(database, window.user, first_case(database, window)))
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Said she will pay on Friday")
    asked: list[str] = []

    def keep_editing(box: QMessageBox) -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=2000)
        asked.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Keep editing, the default button

    closer = ModalCloser(keep_editing, QMessageBox)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    closer.check()
    assert asked == ["Discard what you typed?"] and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.notes, timeout=2000)
    assert QApplication.activeWindow() is dialog
    qtbot.keyClicks(QApplication.focusWidget(), " afternoon")  # the next keys reach the note
    assert dialog.notes.toPlainText() == "Said she will pay on Friday afternoon"
    dialog.reject()
