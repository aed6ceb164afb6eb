"""Found by QA on a new office's first day: with the keychain entry lost, the window asked for the
recovery key in a narrow password field (79 characters typed blind), and a key with one wrong
character closed Casedesk after "wrong key or not a Casedesk database", to be started and typed
again. Now the key shows as typed, a malformed one is said in the dialog, and a key that does not
open the file is asked again, saying so, with the key typed before to correct; the right one
opens the office and is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.i18n import set_language
from app.i18n import tr as _
from db import keystore
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.gui
WRONG = keystore.recovery_key("00" * 32)


@pytest.fixture
def lost_key(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> Path:
    """An office whose key is neither in the environment nor in this computer's keychain."""
    import shutil

    from ui.app import application

    application()
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    assert keystore.key_from_keychain(path) is None
    return path


def answer_modals(actions: list[Callable[[object], bool]]) -> list[object]:
    """Each modal dialog that opens, in turn, goes to the next action (which returns True when it
    is done with that dialog). Returns the dialogs seen."""
    seen: list[object] = []
    polls = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        failed = any(isinstance(s, AssertionError) for s in seen)
        try:
            if dialog is not None and failed:
                dialog.reject()  # the test has failed: close whatever opens, never hang
            elif dialog is not None and actions and actions[0](dialog):
                actions.pop(0)
                seen.append(dialog)
        except AssertionError as error:  # not the dialog expected: close it, fail the test
            seen.append(error)
            dialog.reject()
        if (actions or failed) and polls[0] < 1500:
            polls[0] += 1
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_key(text: str, shots: Path | None = None, name: str = "") -> Callable[[object], bool]:
    def act(dialog: object) -> bool:
        from ui.dialogs.recovery_key import RecoveryKeyDialog

        assert isinstance(dialog, RecoveryKeyDialog)
        field = dialog.findChild(QLineEdit, "recovery_key")
        assert field.echoMode() is QLineEdit.EchoMode.Normal  # checked against the sheet
        field.setText(text)
        if shots is not None:
            dialog.grab().save(str(shots / name))
        dialog.try_accept()
        return True

    return act


def test_a_mistyped_recovery_key_is_asked_again_and_the_right_one_opens(
    qtbot, lost_key, screenshot_dir, lang
) -> None:
    from ui.app import open_office
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    errors: list[str] = []

    def short(dialog: object) -> bool:
        assert isinstance(dialog, RecoveryKeyDialog)
        dialog.key.setText(keystore.recovery_key(TEST_KEY)[:-5])
        assert not dialog.try_accept() and dialog.isVisible()
        errors.append(dialog.error.text())
        return True

    def wrong_then_said(dialog: object) -> bool:
        assert isinstance(dialog, RecoveryKeyDialog)
        if not dialog.error.isVisible() or dialog.error.text() == errors[0]:
            return type_key(WRONG)(dialog)
        return False

    def asked_again(dialog: object) -> bool:
        assert isinstance(dialog, RecoveryKeyDialog)
        if not dialog.error.isVisible():  # still the first dialog, about to close
            return False
        errors.append(dialog.error.text())
        assert dialog.key.text() == WRONG  # to correct, not to type again from the start
        dialog.resize(dialog.sizeHint())
        dialog.grab().save(str(screenshot_dir / f"recovery_key_again_{lang}.png"))
        right = keystore.recovery_key(TEST_KEY).lower().replace("-", " ")
        return type_key(right)(dialog)

    seen = answer_modals([short, wrong_then_said, asked_again])
    opened = open_office(lost_key)
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert opened is not None, "the right key opens the office"
    database, lock = opened
    try:
        assert errors[0] == _(
            "A database key is 64 hexadecimal digits (dashes and spaces allowed)."
        )
        assert errors[1] == _(
            "This key does not open {path}: check it against the printed recovery key and type "
            "it again, or Cancel (the file may not be a Casedesk database).",
            path=str(lost_key),
        )
        assert keystore.key_from_keychain(lost_key) == TEST_KEY  # put back: not asked again
    finally:
        if lock is not None:
            lock.release()
        database.close()


def test_a_wrong_recovery_key_then_cancel_opens_nothing_and_keeps_nothing(qtbot, lost_key) -> None:
    from ui.app import open_office

    told: list[str] = []

    def cancel_when_asked_again(dialog: object) -> bool:
        from ui.dialogs.recovery_key import RecoveryKeyDialog

        if not isinstance(dialog, RecoveryKeyDialog) or not dialog.error.isVisible():
            return False
        dialog.reject()
        return True

    def read(box: object) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        told.append(box.text())
        box.accept()
        return True

    set_language("en")
    seen = answer_modals([type_key(WRONG), cancel_when_asked_again, read])
    assert open_office(lost_key) is None
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert told and "recovery key" in told[0]
    assert keystore.key_from_keychain(lost_key) is None
