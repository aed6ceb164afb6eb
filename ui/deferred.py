"""Work that waits until a widget has first been painted: what the user sees first comes first
(a start paints the window, then loads the charts and icons)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Watches a widget for its first Paint event, then runs `then` once, after that paint."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then = then
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint has finished, not inside it
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Run `then` once `widget` has painted for the first time."""
    widget.installEventFilter(FirstPaint(widget, then))


def after_start(widget: QWidget, then: Callable[[], object]) -> None:
    """Run `then` after `widget`'s first paint and after the other work that paint set going
    (for what can wait longest: the icon font, the rule-set check)."""
    after_first_paint(widget, lambda: QTimer.singleShot(0, then))
