"""Backups ▸ Restore runs off the GUI thread behind a modal progress dialog without Cancel (it
froze the window for seconds on a big office, with no word of what it was doing); a restore that
fails says why and leaves the office exactly as it was. Screenshots en/zh_CN of the progress."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select, text

from app.i18n import set_language
from app.models import Borrower
from tests.conftest import TEST_KEY
from tests.ui.test_backups_dialog import MARK, back_up_now, dialog_for
from tests.ui.test_queue import grab

pytestmark = pytest.mark.gui


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def fingerprint(db) -> dict[str, object]:
    """What the office holds: every table's row count, the audit head, the marked borrower, and
    the file itself (its inode: a file swapped in has another)."""
    with db.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ).scalars()
        counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
        head = conn.execute(text("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")).one()
        marked = conn.execute(
            text("SELECT count(*) FROM borrower WHERE employer = :m"), {"m": MARK}
        ).scalar()
    return {
        "counts": counts,
        "head": tuple(head),
        "marked": marked,
        "inode": os.stat(db.path).st_ino,
    }


def test_the_restore_runs_off_the_gui_thread_behind_a_modal_progress_without_cancel(
    qtbot, database
) -> None:
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    with database.session() as session:
        session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
    assert dialog.ask_restore()
    worker = dialog.confirm_restore()
    assert worker is not None and dialog.worker is worker
    assert isinstance(worker, QThread) and worker.thread() is QApplication.instance().thread()
    progress = worker.progress_dialog
    # The click returned at once; the restore goes on meanwhile, behind this dialog.
    assert progress.isVisible() and QApplication.activeModalWidget() is progress
    assert progress.windowModality() == Qt.WindowModality.ApplicationModal
    assert progress.findChildren(QPushButton) == []  # no Cancel: a swap cannot stop half done
    progress.reject()  # Esc
    dialog.reject()  # the Backups dialog's Close: not while its worker runs
    assert progress.isVisible() and dialog.isVisible()
    assert not dialog.backup_button.isEnabled() and not dialog.file_button.isEnabled()
    assert dialog.confirm_restore() is None  # a second click starts nothing
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
    assert dialog.restored is not None, dialog.message.text()
    assert dialog.result() == dialog.DialogCode.Accepted
    with database.sessions() as session:
        assert session.scalar(select(Borrower).where(Borrower.employer == MARK)) is None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_failing_restore_says_why_and_leaves_the_office_exactly_as_it_was(
    qtbot, database, tmp_path: Path, screenshot_dir: Path, lang: str
) -> None:
    set_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        made = dialog.selected_path()
        assert made is not None
        with database.session() as session:  # a change after the backup, which must stay
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
        # It fails late: the backup checked and prepared, then the copy of the database as it
        # was cannot be kept (a file where the backup folder should be).
        a_file = tmp_path / "notes.txt"
        a_file.write_text("a file, not a folder")
        dialog.folder.setText(str(a_file / "backups"))
        assert dialog.save_settings()
        before = fingerprint(database)
        files_before = sorted(p.name for p in database.path.parent.iterdir())
        assert dialog.ask_restore(made)
        worker = dialog.confirm_restore()
        assert worker is not None
        grab(worker.progress_dialog, screenshot_dir / f"backups_restore_progress_{lang}.png")
        qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
        said = dialog.message.text()
        assert str(a_file / "backups") in said
        assert ("Nothing was changed." in said) if lang == "en" else ("没有任何改动" in said)
        assert dialog.restored is None and dialog.isVisible() and dialog.confirm_button.isEnabled()
        assert fingerprint(database) == before
        assert sorted(p.name for p in database.path.parent.iterdir()) == files_before
        with database.session() as session:  # the window's handle still writes to the office
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = "after"
        grab(dialog, screenshot_dir / f"backups_restore_failed_{lang}.png")
    finally:
        set_language(None)
