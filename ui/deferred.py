"""Work that waits until a widget has first been painted: what the user sees first comes first
(a start paints the window, then loads the charts and icons).

`waiting(window)` says whether some of that work, of a shown widget of the window, has not run
yet: a picture taken before it shows a window the user never sees (labels before the layout made
room for their Alt+letters, a side bar without its icons)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Watches a widget for its first Paint event, then runs `then` once, after that paint and
    `hops` turns of the event loop (1: once this paint has finished; 2: also after the other
    work that paint set going). `done` says that `then` has run."""

    def __init__(self, widget: QWidget, then: Callable[[], object], hops: int = 1) -> None:
        super().__init__(widget)
        self.then = then
        self.hops = hops
        self.seen = False
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._next)  # after this paint has finished, not inside it
        return False

    def _next(self) -> None:
        self.hops -= 1
        if self.hops > 0:
            QTimer.singleShot(0, self._next)
            return
        try:
            self.then()
        finally:
            self.done = True


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Run `then` once `widget` has painted for the first time."""
    widget.installEventFilter(FirstPaint(widget, then))


def after_start(widget: QWidget, then: Callable[[], object]) -> None:
    """Run `then` after `widget`'s first paint and after the other work that paint set going
    (for what can wait longest: the icon font, the rule-set check)."""
    widget.installEventFilter(FirstPaint(widget, then, hops=2))


def waiting(window: QWidget) -> bool:
    """Whether work set to follow the first paint of `window` or of one of its shown widgets has
    not run yet (a hidden widget's waits until it is shown: a side-bar page not turned to)."""
    for watcher in window.findChildren(FirstPaint):
        widget = watcher.parent()
        if not watcher.done and isinstance(widget, QWidget) and widget.isVisible():
            return True
    return False
