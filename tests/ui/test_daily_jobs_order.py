"""On a file, the day's backup starts once the day's queue rebuild is done: run side by side, a
backup that read the file before the rebuild committed failed at once ("busy") and said so in a
box over the window. A CI run hung on that box (the wizard's first start, nobody to close it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.models import Case, User
from tests.ui.test_queue import login, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_daily_backup_waits_for_the_days_rebuild(qtbot, database, tmp_path: Path) -> None:
    from app.backups import backups, configure
    from ui.app import start_background_work

    with database.session() as s:  # the queue not current: the day's rebuild has work to do
        s.execute(update(Case).values(computed_as_of=None))
        # A folder of this test's own: another test's copy of demo.db backed up today in the
        # shared default folder would make today's backup "not due".
        admin = s.scalar(select(User).where(User.username == "admin"))
        configure(s, admin, folder=str(tmp_path / "backups"))
    window = window_for(qtbot, database)
    seen: dict[str, object] = {}
    backup = window.start_daily_backup

    def started() -> None:  # when the backup starts: the rebuild is over, and went well
        job = window.rebuild_job
        seen.update(rebuild_over=job.isFinished(), rebuilt=window.statusBar().currentMessage())
        backup()

    window.start_daily_backup = started
    start_background_work(window)
    assert getattr(window, "backup_job", None) is None  # not yet: the rebuild runs first
    qtbot.waitUntil(lambda: getattr(window, "backup_job", None) is not None, timeout=60_000)
    window.wait_for_backup()
    assert seen["rebuild_over"] is True
    assert "failed" not in str(seen["rebuilt"]) and seen["rebuilt"]  # its summary, not an error
    qtbot.waitUntil(lambda: "verified" in window.statusBar().currentMessage(), timeout=30_000)
    assert [b.kind for b in backups(database, login(database, "admin"))] == ["scheduled"]


def test_a_window_closing_before_the_rebuild_is_done_starts_no_backup(qtbot, database) -> None:
    from ui.app import start_background_work

    window = window_for(qtbot, database)
    start_background_work(window)
    window.close()  # waits for the rebuild; the backup at close is app.finish's, not a thread's
    assert getattr(window, "backup_job", None) is None
