"""Screenshots of the window as the user sees it: taken once the work that follows its first
paint has run (ui/deferred.py: the icons, the dashboard's charts) and its layouts have made room
for what that work and the Alt+letters (ui/mnemonics.py) changed. Taken straight after show(),
a picture shows "操作人(W" for "操作人(W)：" and a tab bar with scroll arrows, which no user sees.

Waiting is by condition, not by a sleep: `settle` returns as soon as the window's deferred work
has run and a round of posted layout requests finds none left, bounded by `TIMEOUT_MS` (a
widget that is shown but never painted, covered by its children, would otherwise hold it)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from ui.deferred import waiting

TIMEOUT_MS = 2000  # the icon font's first load is about 0.2 s; on a busy CI machine more
ROUNDS = 20  # a layout request ripples up one parent per round; windows nest a dozen deep


class _Layouts(QObject):
    """Counts the layout requests the application delivers while installed."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def settle_layouts() -> None:
    """Deliver posted layout requests, round after round, until a round has none."""
    app = QApplication.instance()
    assert app is not None
    counter = _Layouts()
    app.installEventFilter(counter)
    try:
        for _ in range(ROUNDS):
            counter.count = 0
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
            QApplication.processEvents()
            if counter.count == 0:
                return
    finally:
        app.removeEventFilter(counter)


def settle(widget: QWidget, timeout_ms: int = TIMEOUT_MS) -> None:
    """Let `widget`'s window finish what follows its first paint, then its layouts."""
    window = widget.window()
    QApplication.processEvents()  # the first paint, if it is still to come
    end = time.monotonic() + timeout_ms / 1000
    while waiting(window) and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)
    settle_layouts()


def grab(widget: QWidget, path: Path) -> None:
    """Save a picture of `widget`, its window settled, at `path` (its folder made if need be)."""
    settle(widget)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(path))
