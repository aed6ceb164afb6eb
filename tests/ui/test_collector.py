"""The cycle collector runs on the GUI thread only: a worker thread's allocations never set it off
(there it would free Qt objects from the wrong thread), and the GUI thread's timer collects."""

from __future__ import annotations

import gc
import threading
import weakref

from ui.app import application
from ui.collector import GuiThreadCollector, collect_on_gui_thread


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def _cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_the_application_has_one_collector_and_python_collects_nothing_by_itself(qapp) -> None:
    app = application()
    collector = collect_on_gui_thread(app)
    assert isinstance(collector, GuiThreadCollector) and collect_on_gui_thread(app) is collector
    assert not gc.isenabled() and collector.timer.isActive()


def test_a_workers_allocations_do_not_collect_the_gui_thread_does(qtbot, qapp) -> None:
    collector = collect_on_gui_thread(qapp)
    collector.timer.stop()  # collected below by hand, then by the timer
    try:
        gc.collect()
        garbage = _cycle()
        assert garbage() is not None

        kept: list[list[int]] = []

        def allocate() -> None:  # far past the automatic collector's threshold
            kept.extend([i] for i in range(20 * collector.threshold[0]))

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert garbage() is not None  # no collection in the worker
        assert gc.get_count()[0] > collector.threshold[0]
        assert collector.collect_due() is not None and garbage() is None
        assert collector.collect_due() is None  # nothing due right after a collection
    finally:
        collector.timer.start()

    garbage = _cycle()
    more: list[weakref.ref[Node]] = []

    def collected() -> bool:  # more cycles meanwhile: a collection is due, whatever else runs
        more.extend(_cycle() for _ in range(collector.threshold[0]))
        return garbage() is None

    qtbot.waitUntil(collected, timeout=5000)  # the timer, on this thread
