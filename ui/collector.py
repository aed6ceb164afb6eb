"""Python's cycle collector, run on the GUI thread only.

CPython collects in whichever thread crosses an allocation threshold. When that is a worker
(an export, a report, the queue rebuild), cyclic garbage holding Qt objects is destroyed off the
GUI thread, and Qt crashes (a segfault seen in CI, in an export worker). So the automatic
collector is switched off and a GUI-thread timer collects instead, generation by generation,
with the thresholds the automatic collector would have used (the pattern of pyqtgraph, calibre
and novelWriter).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns the cycle collector while it lives: automatic collection off, a timer collects."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int | None:
        """Collect the generations the automatic collector would have by now (None: none)."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return None
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 2 if counts[2] > self.threshold[2] else 1
        gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Give collection back to Python (as it was before)."""
        self.timer.stop()
        if self.was_enabled:
            gc.enable()


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """The application's collector, made once and kept as the application's child."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
