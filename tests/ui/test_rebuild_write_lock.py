"""Rebuild queue in the window holds the office's write lock from its first read, as `queue
--rebuild` and the day's first rebuild do: without it, anything saved while it ran (a timer's
write, another program on the office) made the rebuild fail at its first write with "busy …
nothing was saved", as its reads were of the office before that save."""

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


def test_a_save_while_the_rebuild_runs_waits_for_it(qtbot, database) -> None:
    from ui.dialogs.rebuild import RebuildWorker

    supervisor = login(database)
    worker = RebuildWorker(database, supervisor.id)
    started, go = threading.Event(), threading.Event()

    def pause(stage: str, done: int, total: int) -> None:  # in the worker's thread
        if stage == "positions" and not started.is_set():
            started.set()  # the rebuild has read the office's settings by now
            go.wait(30)

    worker.progress.connect(pause, Qt.ConnectionType.DirectConnection)
    results: list[object] = []
    worker.succeeded.connect(results.append)
    worker.failed.connect(results.append)
    worker.start()
    try:
        assert started.wait(30)
        # Another writer that will not wait: refused while the rebuild holds the lock.
        with pytest.raises(DatabaseError, match="busy"):
            with database.session() as s:
                s.execute(text("PRAGMA busy_timeout = 0"))
                settings.put(s, s.get(User, supervisor.id), "assign.capacity_per_agent", 251)
    finally:
        go.set()
        qtbot.waitUntil(lambda: bool(results), timeout=30_000)
        worker.wait()
    assert type(results[0]).__name__ == "RebuildSummary", results[0]
    with database.sessions() as s:
        assert settings.get(s, "assign.capacity_per_agent") != 251  # the refused write left nothing
