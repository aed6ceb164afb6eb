"""The wizard on a computer with no keychain: its key page says the keychain keeps the key, so
once the office is made the admin is told that it does not, and that the recovery key will be
asked for at each start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication, QMessageBox

from app.i18n import set_language
from tests.ui.test_trust import when_modal
from tests.ui.test_wizard import _fill

pytestmark = pytest.mark.gui


@pytest.fixture
def no_keychain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "fresh-home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    from ui.app import application

    application()
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_keychain_is_said_when_the_office_is_made(
    qtbot, no_keychain, tmp_path, screenshot_dir, lang
) -> None:
    from ui.wizard import SetupWizard

    seen: list[str] = []

    def read(box: QMessageBox) -> None:
        seen.append(box.text())
        box.grab().save(str(screenshot_dir / f"wizard_no_keychain_{lang}.png"))
        box.accept()

    set_language(lang)
    try:
        wizard = SetupWizard(tmp_path / "office.db")
        qtbot.addWidget(wizard)
        wizard.show()
        _fill(wizard)
        stop = when_modal(QMessageBox, read)
        wizard.accept()
        stop()
    finally:
        set_language("en")
    assert wizard.kept == "none" and wizard.database is not None
    words = {"en": "This computer has no keychain", "zh_CN": "本机没有钥匙串"}
    assert len(seen) == 1 and seen[0].startswith(words[lang])
    wizard.database.close()


def test_a_kept_key_is_not_warned_about(qtbot, tmp_path, monkeypatch, qapp) -> None:
    from ui.wizard import SetupWizard

    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    seen: list[str] = []
    wizard = SetupWizard(tmp_path / "office.db")
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(wizard)
    stop = when_modal(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    wizard.accept()
    stop()
    assert wizard.kept == "keychain" and seen == []
    wizard.database.close()
