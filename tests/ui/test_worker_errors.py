"""A job off the GUI thread that fails unexpectedly (the day's queue rebuild or backup, an import,
an export) says the error's summary only, and logs where it was raised: a database error's later
lines carry the statement's values — another borrower's phone number or name — and the day's
rebuild says its failure in the status bar of whoever is logged in, an agent too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.models import User
from tests.ui.test_queue import open_office
from ui.daily import DailyJob
from ui.dialogs.worker import ActingWorker

pytestmark = pytest.mark.gui
PHONE = "13800138000"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _a_statement_that_fails(session) -> None:
    """A real database error whose statement carries a borrower's phone number."""
    session.execute(text("INSERT INTO phone (no_such_column) VALUES (:n)"), {"n": PHONE})


def _log(home: Path) -> str:
    return (home / "logs" / "errors.log").read_text(encoding="utf-8")


def test_the_days_job_says_a_database_error_without_its_values(qtbot, database, home) -> None:
    def work(db) -> None:
        with db.session() as s:
            _a_statement_that_fails(s)

    job = DailyJob(work, database, None)
    said: list[str] = []
    job.finished_with.connect(lambda _result, error: said.append(error))
    with qtbot.waitSignal(job.finished_with, timeout=10_000):
        job.start()
    job.wait()
    assert said and "no_such_column" in said[0]
    assert PHONE not in said[0] and "parameters" not in said[0]
    log = _log(home)
    assert "no_such_column" in log and "_a_statement_that_fails" in log and PHONE not in log


class _Export(ActingWorker):
    def work(self, session, actor: User) -> None:
        _a_statement_that_fails(session)

    def failure(self, error: str) -> str:
        return f"The export failed: {error}"


def test_a_workers_failure_says_the_summary_only(qtbot, database, home) -> None:
    with database.sessions() as s:
        user_id = s.query(User.id).filter(User.username == "agent01").scalar()
    worker = _Export(database, user_id)
    said: list[str] = []
    worker.failed.connect(said.append)
    with qtbot.waitSignal(worker.failed, timeout=10_000):
        worker.start()
    worker.wait()
    assert said[0].startswith("The export failed: OperationalError: (")
    assert said[0].endswith("table phone has no column named no_such_column")
    assert PHONE not in said[0] and "\n" not in said[0]
    assert "_a_statement_that_fails" in _log(home)
