"""tests/worker_crash.py in a pytest run of its own: a test that kills its worker once is run
again and passes, with the worker's earlier tests printed; one that kills it twice fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CONFTEST = """
from pathlib import Path
from tests.worker_crash import (
    history_folder,
    pytest_handlecrashitem,
    pytest_report_teststatus,
    pytest_runtest_logstart,
    pytest_terminal_summary,
)

history_folder(Path(__file__).parent / "history")
"""

TESTS = """
import os
from pathlib import Path

MARK = Path(__file__).parent / "crashed-once"


def test_first():
    pass


def test_second():
    pass


def test_crashes(once={once}):
    if not (once and MARK.exists()):
        MARK.touch()
        os.abort()  # as a segfault in Qt would end the worker
"""


def run_inner(folder: Path, once: bool) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (folder / "test_inner.py").write_text(TESTS.format(once=once), encoding="utf-8")
    # Not the outer run's workers' environment: their history folder and worker name.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CASEDESK_TEST"))}
    env["PYTHONPATH"] = str(ROOT)
    # A worker that aborts never removes its session folder: it is left in the test's own.
    env["CASEDESK_TEST_TMP"] = str(folder / "tmp")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "1", "-p", "no:cacheprovider", "-o", "addopts="]
        + ["--rootdir", str(folder), "-p", "no:faulthandler", str(folder / "test_inner.py")],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("once", [True, False], ids=["once", "twice"])
def test_a_crashed_worker_names_its_tests_and_its_test_runs_once_more(
    tmp_path: Path, once: bool
) -> None:
    done = run_inner(tmp_path, once)
    said = done.stdout + done.stderr
    crash = "worker gw0 crashed while running test_inner.py::test_crashes"
    assert f"{crash} (run again on a fresh worker)." in said
    # The worker's tests, oldest first, the crashed one last.
    assert (
        "    test_inner.py::test_first\n"
        "    test_inner.py::test_second\n"
        "    test_inner.py::test_crashes\n"
    ) in said
    assert "test workers that crashed" in said  # the summary's section
    if once:
        assert done.returncode == 0, said
        assert "3 passed, 1 rerun" in said
    else:
        assert done.returncode == 1, said
        assert "crashed again: failed" in said
        assert "2 passed" in said and "1 failed" in said and "1 rerun" in said
