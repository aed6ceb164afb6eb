"""Backups ▸ New recovery key…: the admin types their password again, the office is re-encrypted
off the GUI thread, the new key is shown once with Print… and Copy, and the window goes on with
the office under its new key; a wrong password is said and changes nothing. Screenshots en/zh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text

from app.i18n import set_language, tr
from app.models import AuditEntry
from app.recovery_key import STAGES
from db import keystore
from db.sqlcipher import raw_connect
from tests.conftest import TEST_KEY
from tests.ui.test_backups_dialog import dialog_for
from tests.ui.test_queue import grab, login

pytestmark = pytest.mark.gui


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


def key_dialog(qtbot, database):
    from ui.dialogs.new_recovery_key import NewRecoveryKeyDialog

    dialog = NewRecoveryKeyDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_key_is_made_shown_once_and_the_window_goes_on_with_it(
    qtbot, database, screenshot_dir: Path, lang: str
) -> None:
    set_language(lang)
    try:
        backups = dialog_for(qtbot, database)
        assert backups.key_button.isEnabled()
        grab(backups, screenshot_dir / f"backups_new_key_button_{lang}.png")
        dialog = key_dialog(qtbot, database)
        grab(dialog, screenshot_dir / f"new_recovery_key_ask_{lang}.png")
        dialog.password.setText("demo")
        told: list[tuple[int, int, str]] = []  # each step as the progress dialog says it
        named: list[str] = []  # each step as the worker announced it
        shown = dialog._stage

        def stage(name: str) -> None:  # the dialog's own slot, then what its progress says
            named.append(name)
            shown(name)
            progress = dialog.progress  # None once the work ended within this slot (below)
            if progress is not None:
                told.append((progress.value(), progress.maximum(), progress.labelText()))

        # Wrapped before make() connects it: a slot connected after the worker started could
        # miss its first step (it may be announced before the connection is made).
        dialog._stage = stage
        worker = dialog.make()
        assert worker is not None and dialog.password.text() == ""  # not kept in the field
        qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
        assert named == list(STAGES)  # every step, in order
        assert {most for _value, most, _label in told} == {4}
        words = [
            tr("Checking your password and the audit trail…"),
            tr("Encrypting a copy of the office under the new key…"),
            tr("Sealing the audit trail with the new key…"),
            tr("Putting the re-encrypted office in place…"),
        ]
        # A modal progress's setValue runs the event loop, so under load the next steps, and
        # the work's end that closes the progress, can come within this step's slot (full runs
        # read [0, 2, 2, 3], and once no progress at all after a step): what the dialog says
        # always pairs a step's words with its number.
        assert told and all(label == words[value] for value, _most, label in told), told
        made = dialog.made
        assert made is not None, dialog.error.text()
        assert dialog.sheet.recovery == made.recovery and made.recovery.replace("-", "") in (
            dialog.sheet.key.text().replace("-", "").replace("\n", "")
        )
        printed = dialog.sheet.document().toPlainText()
        assert made.recovery in printed.replace("\n", "")
        dialog.sheet.copy()
        assert QApplication.clipboard().text() == made.recovery
        assert not dialog.done_button.isEnabled()
        dialog.reject()  # Esc: not before the key is written down
        assert dialog.isVisible()
        grab(dialog, screenshot_dir / f"new_recovery_key_shown_{lang}.png")
        dialog.written.setChecked(True)
        dialog.done_button.click()
        assert dialog.result() == dialog.DialogCode.Accepted
        assert keystore.key_from_keychain(database.path) == made.key
        with pytest.raises(Exception, match="wrong key"):
            raw_connect(database.path, TEST_KEY)
        with database.session() as session:  # the window's handle writes on, under the new key
            session.execute(text("UPDATE borrower SET employer = 'after' WHERE id = 1"))
            last = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
            assert last.action == "database.recovery_key"
    finally:
        set_language(None)


def test_a_wrong_password_is_said_and_changes_nothing(qtbot, database) -> None:
    dialog = key_dialog(qtbot, database)
    dialog.password.setText("not-the-password")
    dialog.make()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
    assert dialog.made is None and dialog.error.text() == "Wrong password."
    assert dialog.error.isVisibleTo(dialog)
    raw_connect(database.path, TEST_KEY).close()
    with database.sessions() as session:
        assert session.scalar(select(text("count(*) FROM borrower")))
