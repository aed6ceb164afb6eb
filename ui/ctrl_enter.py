"""Ctrl+Enter in a dialog does what Enter does in its single-line fields: it presses the dialog's
default button (Save, Record, Post…), from anywhere in the dialog, a multi-line note included,
where Enter starts a new line. A dialog whose default button is Cancel (what cannot be undone)
is cancelled by it, as by Enter.

Led by QApplication.focusChanged, as ui/accessible.py is, and not by an application-wide event
filter (that one says why): each dialog gets its shortcuts the first time the keyboard enters it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget

HOOKED = "ctrl_enter_saves"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # the main one and the keypad's


def default_button(dialog: QDialog) -> QPushButton | None:
    """The dialog's default button that Enter would press now: shown and enabled."""
    for button in dialog.findChildren(QPushButton):
        if button.isDefault() and button.isVisibleTo(dialog) and button.window() is dialog:
            return button if button.isEnabled() else None
    return None


def press_default(dialog: QDialog) -> bool:
    """Press `dialog`'s default button, as Enter in a single-line field does; False when none."""
    button = default_button(dialog)
    if button is None:
        return False
    button.click()
    return True


def ctrl_enter_saves(dialog: QDialog) -> None:
    """Ctrl+Enter (either Enter key) in `dialog` presses its default button; once per dialog."""
    if dialog.property(HOOKED):
        return
    dialog.setProperty(HOOKED, True)
    for key in ENTER_KEYS:
        shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: press_default(dialog))


class _OnFocus(QObject):
    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if isinstance(window, QDialog) and not isinstance(window, QMessageBox):
            ctrl_enter_saves(window)


def install(app: QApplication) -> None:
    """Every dialog of `app` takes Ctrl+Enter as the keyboard first enters it."""
    if app.property(HOOKED):
        return
    hook = _OnFocus(app)
    app.focusChanged.connect(hook.entered)
    app.setProperty(HOOKED, True)
