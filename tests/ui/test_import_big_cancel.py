"""A 20,000-row borrower file in the Import dialog: the check reports its progress by row, the
import shows a progress dialog with a moving bar, and Cancel pressed there while the rows are
being written leaves the database as it was (no borrower, phone or audit entry)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import AuditEntry, Borrower, User
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.core import importer_files as f

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)
ROWS = 20_000


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(s, name="导入测试", admin_username="admin", admin_password="demo")
    yield db
    db.close()


def _count(db, model) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_cancel_of_a_big_import_leaves_nothing(qtbot, database, tmp_path):
    from PySide6.QtCore import Qt

    from ui.dialogs.import_data import ImportDialog

    path = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(ROWS))
    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(user)
    audits = _count(database, AuditEntry)
    dialog = ImportDialog(database, user, kind="borrowers", path=path, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=120_000)
    assert dialog.report.ok and dialog.report.new == ROWS
    stages: list[tuple[str, int, int]] = []

    def cancel_when_writing(stage: str, done: int, total: int) -> None:
        """Cancel pressed the moment the rows start being written (run on the worker's thread:
        what the progress dialog's Cancel sets, at a moment a test can name)."""
        stages.append((stage, done, total))
        if stage == "write":
            worker.stop.set()

    # The write lock held here keeps the import waiting at its start until the hook is in.
    with database.session(write_lock=True):
        dialog.start_import()
        worker = dialog.worker
        worker.progress.connect(cancel_when_writing, Qt.ConnectionType.DirectConnection)
    progress = dialog.progress_dialog
    assert progress is not None and progress.minimumDuration() <= 500
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=120_000)
    assert ("check", 10_000, ROWS) in stages and stages[-1][0] == "write"
    assert dialog.imported is None and "cancelled" in dialog.summary.text()
    assert dialog.progress_dialog is None  # closed with the import
    assert _count(database, Borrower) == 0
    assert _count(database, AuditEntry) == audits
    assert dialog.import_button.isEnabled()  # the checked file may be imported again
