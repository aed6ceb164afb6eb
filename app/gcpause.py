"""Pausing Python's cycle collector around bulk work (a demo build, a queue rebuild).

Bulk work makes hundreds of thousands of fresh row tuples, none in a reference cycle; each
collection the allocations set off walks every object the process holds again, for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (restored afterwards, also on error).

    Process-wide: the window's thread collects nothing for those seconds either, which costs
    only the memory of whatever cycles it drops meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
