"""The keys every dialog shares.

- Ctrl+Enter does what Enter does in a single-line field: it presses the dialog's default button
  (Save, Record, Post…), from anywhere in the dialog, a multi-line note included, where Enter
  starts a new line. A dialog whose default button is Cancel (what cannot be undone) is cancelled
  by it, as by Enter.
- The field that has the keys shows its focus frame as the dialog opens (Qt showed it only
  after a Tab).
- Escape cancels, saving nothing; after a note was typed (in a form dialog, after anything was
  entered or changed: ui/discard.py) it asks first, Keep editing being the answer Enter or a
  second Escape gives (the Escape that closes a list's popup, pressed twice, threw a typed note
  away). Cancel and the close button ask the same (ui/discard.py).

Led by QApplication.focusChanged, as ui/accessible.py is, and not by an application-wide event
filter (that one says why): each dialog gets its keys the first time the keyboard enters it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ui.discard import may_close
from ui.focus_hooks import follow_focus

HOOKED = "ctrl_enter_saves"
ASKS = "escape_asks"
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


class _CtrlEnter(QObject):
    """The dialog's Ctrl+Enter shortcuts, its children. A slot of this child, not a lambda that
    holds the dialog: such a lambda, kept by the shortcut's connection, kept every dialog the
    keyboard had entered alive for good."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        for key in ENTER_KEYS:
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), dialog)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.press)

    def press(self) -> None:
        dialog = self.parent()
        if isinstance(dialog, QDialog):
            press_default(dialog)


def ctrl_enter_saves(dialog: QDialog) -> None:
    """Ctrl+Enter (either Enter key) in `dialog` presses its default button; once per dialog."""
    if dialog.property(HOOKED):
        return
    dialog.setProperty(HOOKED, True)
    _CtrlEnter(dialog)


class _EscapeAsks(QObject):
    """Escape that reaches the dialog (no field took it) asks first when something was typed.

    It keeps no Python reference to its dialog (its parent): that cycle was left to the cycle
    collector, which emptied this filter's attributes while Qt, deleting the dialog, still sent
    it events."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QDialog):
            return False
        assert isinstance(event, QKeyEvent)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Escape and plain == Qt.KeyboardModifier.NoModifier:
            if watched is self.parent() and not may_close(watched):
                return True  # kept: the dialog stays, as it was
        return False


def escape_asks(dialog: QDialog) -> None:
    """Escape in `dialog` asks before what was typed is thrown away; once per dialog."""
    if dialog.property(ASKS):
        return
    dialog.setProperty(ASKS, True)
    dialog.installEventFilter(_EscapeAsks(dialog))


def own_default(dialog: QDialog) -> None:
    """Tell Qt which button is `dialog`'s default, once the button is the dialog's child.

    A default set while its row was not yet in the dialog (a form's button row, a step's page)
    is not Qt's main default: then the first button Tab passed took that place, and once Tab had
    gone by Cancel, Enter in a field pressed Cancel (the visit's checks), not Confirm or Save."""
    button = default_button(dialog)
    if button is not None and not button.hasFocus():
        button.setDefault(False)
        button.setDefault(True)


def show_focus(dialog: QDialog) -> None:
    """Draw the focus cue of `dialog`'s field from the start, as if Tab had put it there.

    Qt draws a check box's or a button's focus frame only once Tab has moved in the window: a
    dialog opened with a shortcut (Ctrl+Shift+B) showed no sign of which of its checks Space would
    tick. A mouse click takes the cue away again (Qt's own rule), so mouse users see it only
    until they click."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    focused = dialog.focusWidget()
    if focused is not None:
        focused.update()


class _OnFocus(QObject):
    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if isinstance(window, QDialog) and not isinstance(window, QMessageBox):
            if not window.property(HOOKED):
                own_default(window)
                show_focus(window)
            ctrl_enter_saves(window)
            escape_asks(window)


def install(app: QApplication) -> None:
    """Every dialog of `app` takes Ctrl+Enter and Escape so as the keyboard first enters it."""
    follow_focus(app, HOOKED, _OnFocus)
