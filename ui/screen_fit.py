"""Window sizes that fit the screen: a dialog asks for its comfortable size and gets at most what
the screen has room for (a 1024×640 laptop, a scaled display), title bar and frame included."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_WIDTH = 16  # the window's left and right frame, which the system adds outside its size
FRAME_HEIGHT = 40  # its title bar and bottom frame


def fit_on_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width × height, or smaller where its screen has less room.

    The screen is its parent's (where a dialog opens), else its own, else the primary one."""
    screen = (widget.parentWidget() or widget).screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    widget.resize(width, height)
