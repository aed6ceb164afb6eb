"""The Settings dialog saves all or nothing. QA: when this workstation's choice could not be
written after the office settings were committed, the dialog showed an error while the office
settings stayed saved. And a backup folder on a drive that is not plugged in is refused under its
field, with nothing saved. Screenshots en/zh_CN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import settings
from app.i18n import set_language
from app.models import AuditEntry, Office
from app.workstation import config_path, database_target
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


def _dialog(qtbot, database):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _saved(database) -> tuple[str, int]:
    with database.sessions() as s:
        return s.scalar(select(Office.name)), s.scalar(select(func.count(AuditEntry.id)))


def _unwritable_choice() -> None:
    """The workstation's settings can be read but not written: a folder where the file is
    written first (any write failure: a read-only or full disk, a locked file)."""
    config_path().parent.mkdir(parents=True)
    config_path().with_name(config_path().name + ".tmp").mkdir()


def test_a_choice_that_cannot_be_written_saves_nothing(
    qtbot, database, tmp_path, screenshot_dir
) -> None:
    _unwritable_choice()
    other = tmp_path / "other.db"
    other.write_bytes(b"x")
    dialog = _dialog(qtbot, database)
    before = _saved(database)  # after the login, which is audited
    dialog.fields["name"].setText("新名字")
    dialog.fields["security.idle_lock_minutes"].setValue(3)
    dialog.workstation.edit.setText(str(other))
    assert dialog.try_save() is None
    assert _saved(database) == before  # the office's name, and no audit entry
    error = dialog.forms["workstation"].errors["database_target"]
    assert error.isVisibleTo(dialog)
    assert error.text() == (
        f"Cannot save this workstation's settings {config_path()}.tmp: it is a folder. "
        "Nothing was saved."
    )
    assert dialog.tabs.currentWidget().objectName() == "tab:workstation"
    grab(dialog, screenshot_dir / "settings_workstation_unwritable_en.png")
    with database.sessions() as s:
        assert settings.get(s, "security.idle_lock_minutes") != 3
    assert database_target() != other
    set_language("zh_CN")
    try:
        assert dialog.try_save() is None
        assert error.text().endswith("未保存任何内容。")
        grab(dialog, screenshot_dir / "settings_workstation_unwritable_zh_CN.png")
    finally:
        set_language(None)

    config_path().with_name(config_path().name + ".tmp").rmdir()  # fixed: all of it is saved
    result = dialog.try_save()
    assert result is not None and result.workstation_changed
    assert _saved(database)[0] == "新名字" and database_target() == other


def test_a_backup_folder_on_a_missing_drive_is_refused_under_its_field(
    qtbot, database, tmp_path, screenshot_dir
) -> None:
    drive = tmp_path / "Volumes" / "USB-BACKUP"
    for lang in ("en", "zh_CN"):
        set_language(lang)
        try:
            dialog = _dialog(qtbot, database)
            before = _saved(database)
            dialog.fields["name"].setText("新名字")
            dialog.fields["backup.folder"].setText(str(drive / "casedesk"))
            assert dialog.try_save() is None
            error = dialog.forms["backups"].errors["backup.folder"]
            assert error.isVisibleTo(dialog) and str(drive) in error.text()
            if lang == "en":
                assert "is not there (is the drive plugged in?)" in error.text()
            else:
                assert "驱动器是否已插好" in error.text()
            assert dialog.tabs.currentWidget().objectName() == "tab:backups"
            assert _saved(database) == before and not drive.exists()
            grab(dialog, screenshot_dir / f"settings_backup_drive_{lang}.png")
        finally:
            set_language(None)
