"""Window sizes that fit the screen: a dialog asks for its comfortable size and gets at most what
the screen has room for (a 1024×640 laptop, a scaled display), title bar and frame included.

The screen is found with QGuiApplication.screenAt, never QWidget.screen() (or a window handle's
screen()): PySide makes the QScreen's one wrapper a child of the widget that last asked, and when
that widget is a window Python frees in a reference cycle (the first-run wizard's pages hold their
wizard), the cycle collector may free the screen's wrapper first and hand it the ownership of the
application's QScreen, which it then deletes. Qt keeps the deleted screen in its list, and the
next window made crashed the process (a segfault constructing the wizard, late in a test run)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ui.focus_hooks import follow_focus

FRAME_WIDTH = 16  # the window's left and right frame, which the system adds outside its size
FRAME_HEIGHT = 40  # its title bar and bottom frame


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen `widget` opens on: its parent's window's (where a dialog opens), else its own
    window's, else the primary one; None only when there is no screen at all."""
    window = (widget.parentWidget() or widget).window()
    found = QGuiApplication.screenAt(window.geometry().center())
    return found if found is not None else QGuiApplication.primaryScreen()


def screen_now(window: QWidget) -> QScreen | None:
    """The screen a shown window's title bar is on (a user may have dragged it off its parent's
    screen), else the one it opens on."""
    if window.isVisible():
        found = QGuiApplication.screenAt(window.frameGeometry().topLeft())
        if found is not None:
            return found
    return screen_of(window)


def fit_on_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width × height, or smaller where its screen has less room."""
    screen = screen_of(widget)
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    widget.resize(width, height)


def make_room(dialog: QWidget) -> None:
    """Grow `dialog` to the height its layout needs at its width. Qt does not grow a window for a
    word-wrapped label's lines: an error of three lines squeezed the form, the complaint's
    description box over its "Answer by" line."""
    layout = dialog.layout()
    if layout is None:
        return
    # Texts just changed (a mnemonic added, a verdict's findings) reach the dialog's layout by
    # posted events: now.
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    layout.activate()
    width = dialog.width()
    needed = layout.totalMinimumSize().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    if needed > dialog.height():
        screen = screen_now(dialog)  # not dialog.screen(): see the module's docstring
        room = screen.availableGeometry().height() - FRAME_HEIGHT if screen is not None else needed
        dialog.resize(width, min(needed, room))
        keep_in_view(dialog)


def _placed(frame: QRect, room: QRect) -> QPoint:
    """The top-left corner that moves `frame` the least to lie inside `room` (its top-left
    inside when it is the larger: the title bar stays within reach)."""
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    return QPoint(x, y)


def keep_in_view(window: QWidget, centre: QPoint | None = None) -> None:
    """Move a shown `window` that has grown so that its frame lies on its screen's room again:
    centred on `centre` when given, else moved up or left only as far as it must be. A window
    grows from its top-left corner; a dialog near the bottom of the screen that grew for an
    error's lines had its buttons under the taskbar."""
    if not window.isVisible() or not window.isWindow():
        return
    frame = window.frameGeometry()
    screen = None
    if centre is not None:
        frame.moveCenter(centre)
        screen = QGuiApplication.screenAt(centre)
    screen = screen or screen_now(window)
    if screen is None:
        return
    place = _placed(frame, screen.availableGeometry())
    if place != window.frameGeometry().topLeft():
        window.move(place)  # a window's pos() is its frame's corner


PLACED = "screen_fit_placed"  # a dialog's property: centred again at its first fit


def fit_words(dialog: QWidget) -> None:
    """Make `dialog` at least as wide as its layout needs, and as high as its wrapped lines need
    at that width. A dialog's size in pixels (setMinimumWidth(380), resize(640, 0)) was chosen at
    the usual text size; at Windows' "Make text bigger" 150 % it cut its form labels to nothing
    and its wrapped explanations and rows short, and Qt keeps a window's minimum in pixels over
    its layout's."""
    layout = dialog.layout()
    if layout is None:
        return
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # as in make_room
    layout.activate()
    before = dialog.frameGeometry()
    least = layout.totalMinimumSize().width()
    if dialog.minimumWidth() < least:
        dialog.setMinimumWidth(least)
    if dialog.width() < least:
        dialog.resize(least, dialog.height())
    make_room(dialog)
    if dialog.isVisible() and not dialog.property(PLACED):
        # The first fit comes with the first focus, just after Qt centred the dialog (over its
        # parent, or on the screen) at its old size: centred again at its new one.
        dialog.setProperty(PLACED, True)
        if dialog.frameGeometry().size() != before.size():
            keep_in_view(dialog, before.center())
    elif dialog.frameGeometry().size() != before.size():
        keep_in_view(dialog)


INSTALLED = "fits_dialogs_to_words"


class _OnFocus(QObject):
    """Fits a dialog to its words each time the keyboard focus moves in it, as ui/accessible.py
    names its controls (a signal, not an application-wide event filter): after the first move
    ui/mnemonics.py may have added "(&E)" to a Chinese check box. It only ever grows a dialog."""

    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        window = new.window() if new is not None else None
        if isinstance(window, QDialog) and not isinstance(window, QMessageBox):
            fit_words(window)


def install(app: QApplication) -> None:
    """Every dialog of `app` fits its words at the user's text size (once per application)."""
    follow_focus(app, INSTALLED, _OnFocus)
