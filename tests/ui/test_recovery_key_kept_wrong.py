"""Found by QA: when this computer's keychain held a key that does not open the office's file (a
restore copied from another computer, a new office made at the same path on another day), the
window said "wrong key or not a Casedesk database" and quit, with no way to type the recovery
key the user had. Now the recovery key is asked, saying the kept key does not open the file; the
key that opens it replaces the kept one, and Cancel opens nothing and leaves the kept key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from app.i18n import set_language
from app.i18n import tr as _
from db import keystore
from tests.conftest import TEST_KEY
from tests.ui.test_recovery_key_window import WRONG, answer_modals, type_key

pytestmark = pytest.mark.gui
OTHER_KEY = "ab" * 32  # the key of another office once at the same path


@pytest.fixture
def kept_wrong(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> Path:
    from ui.app import application

    application()
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    assert keystore.store_in_keychain(path, OTHER_KEY)
    return path


def read_box(told: list[str]):  # type: ignore[no-untyped-def]
    def act(box: object) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        told.append(box.text())
        box.accept()
        return True

    return act


def test_the_recovery_key_is_asked_and_replaces_the_kept_key(
    qtbot, kept_wrong, screenshot_dir, lang
) -> None:
    from ui.app import open_office
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    headings: list[str] = []

    def asked(dialog: object) -> bool:
        assert isinstance(dialog, RecoveryKeyDialog)
        headings.append(dialog.findChild(QLabel, "heading").text())
        assert not dialog.error.isVisible()
        dialog.resize(dialog.sizeHint())
        dialog.grab().save(str(screenshot_dir / f"recovery_key_kept_wrong_{lang}.png"))
        return type_key(keystore.recovery_key(TEST_KEY))(dialog)

    seen = answer_modals([asked])
    opened = open_office(kept_wrong)
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert opened is not None, "the recovery key opens the office"
    database, lock = opened
    try:
        assert headings[0] == _(
            "The key this computer kept for {path} does not open it. The file may be a copy "
            "from another computer (a restore), or a new office made at the same path.\n"
            "Enter this office's recovery key, printed when the database was created:",
            path=str(kept_wrong),
        )
        assert keystore.key_from_keychain(kept_wrong) == TEST_KEY  # replaced: not asked again
    finally:
        if lock is not None:
            lock.release()
        database.close()


def test_a_wrong_key_is_asked_again_and_cancel_leaves_the_kept_key(qtbot, kept_wrong) -> None:
    from ui.app import open_office
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    problems: list[str] = []

    def cancel_when_asked_again(dialog: object) -> bool:
        if not isinstance(dialog, RecoveryKeyDialog) or not dialog.error.isVisible():
            return False
        problems.append(dialog.error.text())
        dialog.reject()
        return True

    told: list[str] = []
    set_language("en")
    seen = answer_modals([type_key(WRONG), cancel_when_asked_again, read_box(told)])
    assert open_office(kept_wrong) is None
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert "may not be a Casedesk database" in problems[0]
    assert told and told[0].startswith("Nothing was opened.") and "left as it was" in told[0]
    assert keystore.key_from_keychain(kept_wrong) == OTHER_KEY


def test_a_wrong_key_in_the_environment_is_said_and_not_asked(
    qtbot, kept_wrong, monkeypatch
) -> None:
    from ui.app import open_office

    monkeypatch.setenv("CASEDESK_DB_KEY", "00" * 32)
    told: list[str] = []
    set_language("en")
    seen = answer_modals([read_box(told)])
    assert open_office(kept_wrong) is None
    assert seen and isinstance(seen[0], QMessageBox), "a message, no recovery-key dialog"
    assert "CASEDESK_DB_KEY does not open" in told[0] and "unset it" in told[0]
    assert keystore.key_from_keychain(kept_wrong) == OTHER_KEY


def test_a_file_no_key_opens_ends_with_cancel(qtbot, tmp_path, monkeypatch, qapp) -> None:
    """Not a Casedesk database at all (random bytes, as an encrypted file looks): each key typed
    is asked again, saying the file may not be one, and Cancel ends it."""
    import os

    from ui.app import application, open_office
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    application()
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = tmp_path / "photo.db"
    path.write_bytes(os.urandom(8192))
    problems: list[str] = []

    def again_then(cancel: bool):  # type: ignore[no-untyped-def]
        def act(dialog: object) -> bool:
            if not isinstance(dialog, RecoveryKeyDialog) or not dialog.error.isVisible():
                return False
            problems.append(dialog.error.text())
            if cancel:
                dialog.reject()
                return True
            return type_key(WRONG)(dialog)

        return act

    told: list[str] = []
    set_language("en")
    actions = [type_key(WRONG), again_then(False), again_then(True), read_box(told)]
    seen = answer_modals(actions)
    assert open_office(path) is None
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert len(problems) == 2 and all("may not be a Casedesk database" in p for p in problems)
    assert told and "No key for" in told[0]
    assert keystore.key_from_keychain(path) is None
