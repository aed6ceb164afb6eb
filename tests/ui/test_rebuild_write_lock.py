"""Rebuild queue and Export in the window hold the office's write lock from their first read, as
`queue --rebuild` and the day's first rebuild do: without it, anything saved while they ran (a
timer's write, another program on the office) made them fail at their first write (the rebuild's
cases, the export's audit entry) with "busy … nothing was saved", as their reads were of the
office before that save. Both run behind a window-modal progress dialog, so the window's own
saves cannot come meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app import settings
from app.errors import DatabaseError
from app.models import User
from tests.ui.test_queue import login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _save_meanwhile_is_refused(qtbot, database, worker, user_id: int) -> object:
    """Pause `worker` at its first progress (it has read by then), try a save that will not
    wait, let the worker go on; its result (what `succeeded` or `failed` sent)."""
    started, go = threading.Event(), threading.Event()

    def pause(*_progress: object) -> None:  # in the worker's thread
        if not started.is_set():
            started.set()
            go.wait(30)

    worker.progress.connect(pause, Qt.ConnectionType.DirectConnection)
    results: list[object] = []
    worker.succeeded.connect(results.append)
    worker.failed.connect(results.append)
    worker.start()
    try:
        assert started.wait(30)
        with pytest.raises(DatabaseError, match="busy"):
            with database.session() as s:
                s.execute(text("PRAGMA busy_timeout = 0"))
                settings.put(s, s.get(User, user_id), "assign.capacity_per_agent", 251)
    finally:
        go.set()
        qtbot.waitUntil(lambda: bool(results), timeout=30_000)
        worker.wait()
    with database.sessions() as s:
        assert settings.get(s, "assign.capacity_per_agent") != 251  # the refused save left nothing
    return results[0]


def test_a_save_while_the_rebuild_runs_waits_for_it(qtbot, database) -> None:
    from ui.dialogs.rebuild import RebuildWorker

    supervisor = login(database)
    worker = RebuildWorker(database, supervisor.id)
    result = _save_meanwhile_is_refused(qtbot, database, worker, supervisor.id)
    assert type(result).__name__ == "RebuildSummary", result


def test_a_save_while_an_export_runs_waits_for_it(qtbot, database, tmp_path) -> None:
    from app.queries.cases import QueueFilter
    from ui.dialogs.export import ExportWorker

    supervisor = login(database)
    path = tmp_path / "cases.csv"
    worker = ExportWorker(database, supervisor.id, "cases", path, (QueueFilter(), None, None))
    result = _save_meanwhile_is_refused(qtbot, database, worker, supervisor.id)
    assert type(result).__name__ == "ExportResult", result
    assert path.exists()
