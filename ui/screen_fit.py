"""Window sizes that fit the screen: a dialog asks for its comfortable size and gets at most what
the screen has room for (a 1024×640 laptop, a scaled display), title bar and frame included.

The screen is found with QGuiApplication.screenAt, never QWidget.screen() (or a window handle's
screen()): PySide makes the QScreen's one wrapper a child of the widget that last asked, and when
that widget is a window Python frees in a reference cycle (the first-run wizard's pages hold their
wizard), the cycle collector may free the screen's wrapper first and hand it the ownership of the
application's QScreen, which it then deletes. Qt keeps the deleted screen in its list, and the
next window made crashed the process (a segfault constructing the wizard, late in a test run)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

FRAME_WIDTH = 16  # the window's left and right frame, which the system adds outside its size
FRAME_HEIGHT = 40  # its title bar and bottom frame


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen `widget` opens on: its parent's window's (where a dialog opens), else its own
    window's, else the primary one; None only when there is no screen at all."""
    window = (widget.parentWidget() or widget).window()
    found = QGuiApplication.screenAt(window.geometry().center())
    return found if found is not None else QGuiApplication.primaryScreen()


def fit_on_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width × height, or smaller where its screen has less room."""
    screen = screen_of(widget)
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    widget.resize(width, height)
