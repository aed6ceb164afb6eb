"""A dialog the keyboard has entered (its Ctrl+Enter and Escape keys added, ui/dialog_keys.py) is
freed like any other once nothing holds it: the shortcuts' lambda held the dialog, so every such
dialog stayed alive for good, and the Escape filter, left to the cycle collector with its dialog,
had its attributes emptied while Qt, deleting the dialog, still sent it events ("'_EscapeAsks'
object has no attribute 'dialog'")."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

pytestmark = pytest.mark.gui


class Gone(QObject):
    """Counts the dialogs Qt deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def seen(self) -> None:
        self.count += 1


def _dialog() -> tuple[QDialog, QDialogButtonBox]:
    dialog = QDialog()
    note = QPlainTextEdit(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(note)
    layout.addWidget(buttons)
    return dialog, buttons


def _show(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)


def test_a_dialog_with_its_keys_is_freed_when_dropped(qtbot) -> None:
    from ui.app import application
    from ui.dialog_keys import ctrl_enter_saves, escape_asks

    application()
    gone = Gone()
    for _round in range(2):
        dialog, buttons = _dialog()
        dialog.destroyed.connect(gone.seen)
        ctrl_enter_saves(dialog)
        escape_asks(dialog)
        _show(qtbot, dialog)
        note = dialog.findChild(QPlainTextEdit)
        note.setFocus()
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.result() == QDialog.DialogCode.Accepted  # the keys still work
        del dialog, buttons, note
        gc.collect()
    assert gone.count == 2


def test_escape_still_asks_before_a_typed_note_is_lost(qtbot, monkeypatch) -> None:
    from ui import dialog_keys, discard
    from ui.app import application

    application()
    dialog, _buttons = _dialog()
    qtbot.addWidget(dialog)
    dialog_keys.escape_asks(dialog)
    _show(qtbot, dialog)
    note = dialog.findChild(QPlainTextEdit)
    qtbot.keyClicks(note, "Rang twice")
    asked: list[QDialog] = []
    monkeypatch.setattr(discard, "discard_typed", lambda d: asked.append(d) or False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [dialog] and dialog.isVisible()  # kept editing
