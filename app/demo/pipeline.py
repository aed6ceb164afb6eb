"""Rows made on the second core: the demo's generator in a child process, batches streamed back.

Making the rows (Python) and writing them (SQLite) each take a good part of a build; with the
generator in a forked child they overlap, and the writing process has time left to keep some
secondary indexes up to date as it goes. The child starts before the office is made and draws
its name pools meanwhile; the office's facts then come to it as a `Plan`. Where fork is missing
(Windows), the build is small or no core is spare, the generator runs in the building process:
the same batches in the same order either way.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import pickle
import queue
import threading
import time
import traceback
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from app.demo.generate import Batch, Plan, generate, prepare

PARALLEL_MIN_LOANS = 5_000  # smaller builds take a few seconds: not worth a process
QUEUED_BATCHES = 6  # the child runs at most this far ahead (bounded memory)
POLL_SECONDS = 1.0  # how often a waiting parent checks that the child is still alive


class GeneratorFailed(RuntimeError):
    """The child process generating the rows failed (its traceback is the message)."""


def parallel_possible(loans: int) -> bool:
    """Whether a build of `loans` makes its rows in a child process."""
    return (
        loans >= PARALLEL_MIN_LOANS
        and "fork" in multiprocessing.get_all_start_methods()
        and spare_core()
    )


def spare_core() -> bool:
    """Whether a second core is likely to be free for the child (the content is the same).

    Two processes use about a tenth more CPU time than one (rows pickled, pages spilled): on a
    host busy enough that they share one core's worth, one process finishes sooner (measured on
    2 cores: faster up to a load of about 4, slower from 5).
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return cores >= 2 and os.getloadavg()[0] < 2 * cores


class RowSource:
    """The generator's batches for one build; a context manager that ends the child, if any.

    Enter it before making the office (the child prepares meanwhile), then iterate `batches`.
    """

    def __init__(self, loans: int, seed: int, as_of: dt.date) -> None:
        self.parallel = parallel_possible(loans)
        self._child: Any = None
        self._plans: Connection | None = None
        self._rows: Any = None
        if self.parallel:
            # fork: the child starts with the modules already imported; it never opens the
            # database (it is forked before the build opens its connection).
            context = multiprocessing.get_context("fork")
            self._rows = context.Queue(QUEUED_BATCHES)
            receiver, self._plans = context.Pipe(duplex=False)
            self._child = context.Process(
                target=_run,
                args=(seed, as_of, receiver, self._rows, os.getpid()),
                name="demo-rows",
                daemon=True,
            )
            self._child.start()
            receiver.close()

    def __enter__(self) -> RowSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._child is None:
            return
        assert self._plans is not None
        self._plans.close()  # a child still waiting for its plan ends (EOFError)
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._rows.close()
        self._rows.join_thread()

    def batches(self, plan: Plan) -> Iterator[Batch]:
        """Every batch of the office described by `plan`, in order."""
        if self._child is None:
            yield from generate(plan)
            return
        assert self._plans is not None
        try:
            self._plans.send(plan)
        except OSError:  # the child has ended already: its traceback waits in the queue
            pass
        while True:
            try:
                item = self._rows.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self._child.is_alive():
                    raise GeneratorFailed(f"exit code {self._child.exitcode}") from None
                continue
            if item is None:
                return
            if isinstance(item, str):
                raise GeneratorFailed(item)
            yield pickle.loads(item)


def _dumps(batch: Batch) -> bytes:
    """The batch pickled without a memo: a quarter faster, and its values share no cycles."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal values shared by many rows are written out each time
    pickler.dump(batch)
    return buffer.getvalue()


def watch_parent(parent: int) -> None:
    """In the child: end it when the building process `parent` is gone (killed: its `finally`
    never ran, so nobody reads the queue or sends the plan). Without this it waited for ever, on
    a full queue, for its plan, or on leaving (its queue's last rows never taken), holding the
    half-built file open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(0)  # not a normal exit: that waits for the queue's rows to be taken

    threading.Thread(target=watch, name="demo-rows-parent", daemon=True).start()


def _run(seed: int, as_of: dt.date, plans: Connection, rows: Any, parent: int) -> None:
    """The child: prepare, wait for the plan, then every batch and None (or a traceback)."""
    watch_parent(parent)
    try:
        pools = prepare(seed, as_of)
        try:
            plan = plans.recv()
        except EOFError:  # the build failed before the office was made
            return
        for batch in generate(plan, pools):
            rows.put(_dumps(batch))
        rows.put(None)
    except BaseException:  # noqa: BLE001 -- handed to the parent, which raises it
        rows.put(traceback.format_exc())
