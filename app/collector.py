"""Python's cycle collector held off while a report is gathered and laid out.

A report makes tens of thousands of short-lived rows, cells and text fragments, none of them in
a cycle; each allocation threshold crossed meanwhile sets off a collection, and the older
generations' traverse every object the process holds (about a tenth of a one-month compliance
report's time). The window already runs with the automatic collector off (ui/collector.py: a
GUI-thread timer collects); this gives the command line and any other caller the same, and puts
the collector back as it was.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(work: Callable[P, R]) -> Callable[P, R]:
    """`work` runs with the automatic cycle collector off, switched on again after only if it
    was on before (in the window it stays off)."""

    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run
