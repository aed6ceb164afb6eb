"""`casedesk demo` killed (kill -9) while its second process makes rows: that child used to live on
for ever, asleep on a full queue or waiting for its plan, holding the half-built file open. Now
it notices that its parent is gone and ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the generator runs in a forked child on POSIX only"
)

# The building process, cut down: one RowSource child waiting for its plan, one child (watched as
# the row maker is) whose rows nobody takes: a full queue, and more rows in a pipe nobody reads,
# as when the parent is killed mid-build or after the last batch. It prints both pids.
BUILDER = textwrap.dedent(
    """
    import datetime as dt, multiprocessing, os, time
    from app.demo import pipeline

    pipeline.spare_core = lambda: True  # a busy test host must not make the build serial
    source = pipeline.RowSource(pipeline.PARALLEL_MIN_LOANS, 7, dt.date(2026, 11, 30))
    assert source.parallel
    context = multiprocessing.get_context("fork")
    rows = context.Queue(3)
    me = os.getpid()

    def send():
        pipeline.watch_parent(me)
        for _ in range(3):
            rows.put(b"x" * 1_000_000)  # more than a pipe holds: the child cannot leave

    sender = context.Process(target=send)
    sender.start()
    print(source._child.pid, sender.pid, flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return not any(line.startswith("State:\tZ") for line in status)
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): ask the process table
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_the_row_makers_end_when_the_build_is_killed() -> None:
    builder = subprocess.Popen(
        [sys.executable, "-c", BUILDER],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    children: list[int] = []
    try:
        assert builder.stdout is not None
        line = builder.stdout.readline().strip()
        if not line:
            raise AssertionError(builder.stderr.read() if builder.stderr else "said nothing")
        children = [int(pid) for pid in line.split()]
        time.sleep(0.5)  # the sender has filled its queue and waits
        assert all(_alive(pid) for pid in children)
        os.kill(builder.pid, signal.SIGKILL)
        builder.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if _alive(pid)]
    finally:
        for pid in children:  # never leave one behind, whatever happened
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if builder.poll() is None:
            builder.kill()
            builder.wait()
        for stream in (builder.stdout, builder.stderr):
            if stream is not None:
                stream.close()
