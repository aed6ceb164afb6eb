"""Settings ▸ This workstation: the connection test on a file in a folder with spaces and Chinese
whose key this computer kept does not open it says to save and start again (the recovery key is
asked then), in the user's language, whole (QA s22). Screenshots en/zh_CN."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from db import keystore
from tests.ui.test_queue import grab, login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return folder


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_connection_test_says_what_to_do_with_a_kept_key_that_does_not_open_the_file(
    qtbot, database, tmp_path, monkeypatch, screenshot_dir, lang
) -> None:
    from ui.dialogs.settings import SettingsDialog

    folder = tmp_path / "催收 资料" / "2026年 11月"
    folder.mkdir(parents=True)
    other = Path(shutil.copyfile(database.path, folder / "东城 网点.db"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    keystore.store_in_keychain(other, "ab" * 32)
    set_language(lang)
    try:
        dialog = SettingsDialog(database, login(database, "admin"))
        qtbot.addWidget(dialog)
        dialog.resize(900, 600)
        dialog.show()
        dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
        section = dialog.workstation
        section.edit.setText(str(other))
        section.test_connection()
        qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
        said = section.result.text()
        assert str(other) in said and section.result.isVisibleTo(dialog)
        if lang == "en":
            assert said.startswith(f"The key this computer kept for {other} does not open it")
            assert "start Casedesk again" in said
        else:
            assert "恢复密钥" in said and "重新启动" in said
        assert keystore.key_from_keychain(other) == "ab" * 32
        grab(dialog, screenshot_dir / f"settings_workstation_kept_key_{lang}.png")
        dialog.grab().save(str(screenshot_dir / f"workstation_kept_key_{lang}.png"))
    finally:
        set_language("en")
