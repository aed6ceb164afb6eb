"""A test worker that dies (a native crash in Qt, as two CI runs saw: a segfault while a new
window measured its first words) is reported with the tests that worker ran before it, and its
test is run once more on a fresh worker.

Each worker writes the id of each test it starts to a history file of its own, in a folder the
controlling process names (CASEDESK_TEST_HISTORY, inherited by the workers it starts). When a
worker dies, pytest-xdist asks the controller what to do with the test it was running
(`pytest_handlecrashitem`): the controller prints that worker's last tests, and gives the test
back to the scheduler once. A test that crashes its worker a second time fails, as before; the
summary names every crash either way, so none goes unseen. Without pytest-xdist (one process),
nothing of this applies: a crash ends the run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HISTORY = "CASEDESK_TEST_HISTORY"
SHOWN = 30  # the tests before the crash printed with it

_rerun: set[str] = set()  # the crashed tests given back once (the controller's)
_crashes: list[str] = []  # what was printed of each crash, for the summary (the controller's)


def history_folder(default: Path) -> Path:
    """The folder of the workers' histories: the controller's `default`, which its workers
    inherit through the environment (each worker's own `default` is not the controller's)."""
    folder = Path(os.environ.setdefault(HISTORY, str(default)))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _history_file(worker: str) -> Path | None:
    folder = os.environ.get(HISTORY)
    return Path(folder) / f"history-{worker}.txt" if folder else None


def pytest_runtest_logstart(nodeid: str) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    path = _history_file(worker) if worker else None
    if path is not None:
        with path.open("a", encoding="utf-8") as history:
            history.write(nodeid + "\n")


def last_tests(worker: str, count: int = SHOWN) -> list[str]:
    """The last `count` tests `worker` started, the crashed one last."""
    path = _history_file(worker)
    if path is None or not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()[-count:]


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: object) -> None:
    worker = report.node.gateway.id  # type: ignore[attr-defined]
    before = last_tests(worker)
    again = crashitem not in _rerun and hasattr(sched, "mark_test_pending")
    verdict = "run again on a fresh worker" if again else "crashed again: failed"
    lines = [f"worker {worker} crashed while running {crashitem} ({verdict})."]
    lines += [f"  the tests it started last (at most {SHOWN}), oldest first:"]
    lines += [f"    {nodeid}" for nodeid in before]
    print("\n" + "\n".join(lines), file=sys.stderr, flush=True)  # now, should the run hang
    _crashes.extend(lines)
    if again:
        _rerun.add(crashitem)
        report.outcome = "rerun"  # type: ignore[assignment]
        sched.mark_test_pending(crashitem)  # type: ignore[attr-defined]


def pytest_report_teststatus(report: pytest.TestReport) -> tuple[str, str, str] | None:
    if report.outcome == "rerun":
        return "rerun", "R", "RERUN"
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _crashes:
        terminalreporter.section("test workers that crashed")
        for line in _crashes:
            terminalreporter.line(line)
