"""Backups ▸ Restore of a backup made before the recovery key was replaced: the window asks for
that backup's recovery key, as `casedesk db restore` does (it refused with a wrong-key message);
a wrong key is said and asked again, Cancel changes nothing, and the restored office opens with
the backup's key, kept in the keychain and said as the window closes. A restore started while
the window's daily backup runs waits for it. On a real SQLCipher file, screenshots en/zh_CN."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox
from sqlalchemy import select

from app.i18n import set_language, tr
from app.models import AuditEntry, Borrower
from app.recovery_key import reopen, replace_recovery_key
from db import keystore
from db.backup import key_is_wrong, verify_backup
from db.sqlcipher import raw_connect
from tests.conftest import TEST_KEY
from tests.ui.test_backups_dialog import MARK, back_up_now, dialog_for
from tests.ui.test_backups_restore_worker import fingerprint
from tests.ui.test_queue import grab, window_for
from tests.ui.test_recovery_key_window import answer_modals

pytestmark = pytest.mark.gui
WRONG = "fedcba9876543210" * 4


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def backup_then_new_key(qtbot, database, dialog) -> tuple[Path, str]:
    """A backup under the office's first key, then a new recovery key and a change after it."""
    back_up_now(qtbot, dialog)
    old = dialog.selected_path()
    assert old is not None
    made = replace_recovery_key(database, "admin", "demo")
    reopen(database, made.key)  # as the New recovery key dialog does
    with database.session() as session:
        session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
    assert key_is_wrong(old, made.key)
    return old, made.key


def key_prompt(text: str, shot: Path | None = None, said: str = "") -> Callable[[object], bool]:
    """Type `text` in the recovery key prompt for the backup (after checking it says `said`)."""

    def act(dialog: object) -> bool:
        from ui.dialogs.recovery_key import RecoveryKeyDialog

        assert isinstance(dialog, RecoveryKeyDialog)
        error = dialog.findChild(QLabel, "error")
        assert (error.text() if error.isVisibleTo(dialog) else "") == said
        if shot is not None:
            grab(dialog, shot)
        dialog.findChild(QLineEdit, "recovery_key").setText(text)
        dialog.try_accept()
        return True

    return act


def cancel_prompt(dialog: object) -> bool:
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    assert isinstance(dialog, RecoveryKeyDialog)
    dialog.findChild(QLineEdit, "recovery_key").setText(WRONG)
    dialog.reject()
    return True


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_backup_under_the_old_key_is_restored_with_its_own_key_asked_again_if_wrong(
    qtbot, database, screenshot_dir: Path, lang: str
) -> None:
    from ui.restored_words import restored_text

    set_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        old, new_key = backup_then_new_key(qtbot, database, dialog)
        again = (
            "This key does not open the backup either. Check it against the recovery key sheet "
            "that was in use when the backup was made."
        )
        seen = answer_modals(
            [
                key_prompt(WRONG, screenshot_dir / f"restore_other_key_prompt_{lang}.png"),
                key_prompt(
                    keystore.recovery_key(TEST_KEY).lower(),  # as pasted, small letters
                    screenshot_dir / f"restore_other_key_again_{lang}.png",
                    said=tr(again),
                ),
            ]
        )
        assert dialog.ask_restore(old), dialog.message.text()
        assert len(seen) == 2 and not any(isinstance(s, AssertionError) for s in seen), seen
        assert dialog.pending == old and dialog.pending_key == TEST_KEY
        confirm = dialog.confirm_text.text()
        assert (
            ("another recovery key" in confirm) if lang == "en" else ("另一个恢复密钥" in confirm)
        )
        grab(dialog, screenshot_dir / f"restore_other_key_confirm_{lang}.png")
        worker = dialog.confirm_restore()
        assert worker is not None
        qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
        result = dialog.restored
        assert result is not None, dialog.message.text()
        # The restored office opens with the backup's own key, now in the keychain.
        assert result.key == TEST_KEY and result.key_kept
        assert keystore.key_from_keychain(database.path) == TEST_KEY
        assert keystore.pending_key(database.path) is None
        assert key_is_wrong(database.path, new_key) and not key_is_wrong(database.path, TEST_KEY)
        # The office as it was is a verified backup under its key, not kept as "damaged".
        assert result.previous is not None and not result.previous_damaged
        assert verify_backup(result.previous, new_key).ok
        reopen(database, TEST_KEY)
        with database.sessions() as session:
            assert session.scalar(select(Borrower).where(Borrower.employer == MARK)) is None
            last = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
            assert last.action == "database.restore"
            assert last.changes["recovery_key"] == "the backup's"
            # The Audit page's words: labelled and translated, not "recovery_key=the backup's".
            from app.queries.audit_log import audit_rows

            words = audit_rows(session, [last.id], lang)[last.id].words_line(lang)
            said = (
                "恢复密钥：已改为备份的密钥"
                if lang == "zh_CN"
                else "Recovery key: Now the backup's"
            )
            assert words.endswith(said) and "recovery_key" not in words, words
            assert TEST_KEY not in str(last.changes) and new_key not in str(last.changes)
        closing = restored_text(result)
        said = (
            "The restored office opens with the backup's own recovery key, the one you typed; "
            "the recovery key sheet in use until now no longer opens it."
        )
        assert tr(said) in closing and tr("This computer keeps it in its keychain.") in closing
        box = QMessageBox(QMessageBox.Icon.Information, tr("Backups"), closing)
        qtbot.addWidget(box)
        box.show()
        grab(box, screenshot_dir / f"restore_other_key_closing_{lang}.png")
    finally:
        set_language(None)


def test_cancel_at_the_backups_key_leaves_everything_as_it_was(qtbot, database) -> None:
    dialog = dialog_for(qtbot, database)
    old, new_key = backup_then_new_key(qtbot, database, dialog)
    before = fingerprint(database)
    seen = answer_modals([cancel_prompt])
    assert not dialog.ask_restore(old)
    assert len(seen) == 1
    assert dialog.pending is None and not dialog.confirm_box.isVisibleTo(dialog)
    assert "wrong key or not a Casedesk backup" in dialog.message.text()
    assert fingerprint(database) == before
    assert keystore.key_from_keychain(database.path) == new_key
    assert keystore.pending_key(database.path) is None
    with database.session() as session:  # the window's handle still writes to the office
        session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = "after"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_restore_waits_for_the_daily_backup_running_in_the_window(
    qtbot, database, tmp_path: Path, screenshot_dir: Path, lang: str
) -> None:
    set_language(lang)
    try:
        waits_for_the_daily_backup(
            qtbot, database, tmp_path, screenshot_dir / f"restore_waits_{lang}.png"
        )
    finally:
        set_language(None)


def waits_for_the_daily_backup(qtbot, database, tmp_path: Path, shot: Path) -> None:
    from app.backups import backup_if_due, configure
    from app.models import User
    from ui.daily import DailyJob
    from ui.dialogs.backups import BackupsDialog

    window = window_for(qtbot, database, "admin")
    dialog = BackupsDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    dialog.show()
    back_up_now(qtbot, dialog)  # a backup by hand to restore
    made = dialog.selected_path()
    with database.session() as session:  # today's scheduled backup due: a folder of its own
        admin = session.scalar(select(User).where(User.username == "admin"))
        configure(session, admin, folder=str(tmp_path / "daily"))
    go = threading.Event()
    outcome: list[tuple[object, str]] = []

    def daily(db):  # the window's daily backup, held at its start until the restore is asked
        assert go.wait(30)
        return backup_if_due(db)

    window.backup_job = DailyJob(daily, database, window)
    window.backup_job.finished_with.connect(lambda result, error: outcome.append((result, error)))
    window.backup_job.start()
    inode = os.stat(database.path).st_ino
    assert dialog.ask_restore(made)
    assert dialog.confirm_restore() is None  # not now: the daily backup reads the file
    assert dialog.worker is None and dialog.waiting and not dialog.confirm_button.isEnabled()
    # Nothing else starts while it waits: a backup by hand would make the restore ask again.
    for button in (dialog.backup_button, dialog.restore_button, dialog.file_button):
        assert not button.isEnabled(), button.text()
    assert not dialog.key_button.isEnabled()
    said = (
        "Casedesk is making the daily backup or bringing the queue up to date; the restore "
        "starts as soon as that is done."
    )
    assert dialog.message.text() == tr(said)
    grab(dialog, shot)
    assert os.stat(database.path).st_ino == inode
    go.set()
    qtbot.waitUntil(lambda: dialog.worker is not None or dialog.restored is not None, timeout=30000)
    assert outcome and outcome[0][1] == "" and outcome[0][0] is not None  # it finished, whole
    assert verify_backup(outcome[0][0].path, TEST_KEY).ok
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
    assert dialog.restored is not None, dialog.message.text()
    assert os.stat(database.path).st_ino != inode
    raw_connect(database.path, TEST_KEY).close()
    window.backup_job.wait()
