"""Settings → This workstation: the database the window opens on this computer, saved to the
user's config folder (not the office database), validated, tested off the GUI thread; and the
window's start on a file keeps its lock, wizard rule and daily backup. Screenshots en/zh_CN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.errors import DatabaseError
from app.i18n import set_language
from app.models import AuditEntry, Office
from app.paths import default_db_path
from app.workstation import config_path, database_target
from tests.conftest import TEST_KEY
from tests.ui.test_queue import grab, login, open_office
from ui.mnemonic_text import plain

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


def _dialog(qtbot, database, username: str = "admin"):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, username))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    return dialog


def _audit_count(database) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count(AuditEntry.id)))


def test_an_agent_chooses_the_database_for_this_computer(qtbot, database, tmp_path) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"x")
    dialog = _dialog(qtbot, database, "agent01")  # not admin-only: it is this computer's
    section = dialog.workstation
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "This workstation"
    assert section.edit.text() == "" and str(default_db_path()) in section.edit.placeholderText()
    before = _audit_count(database)
    section.edit.setText(str(other))
    result = dialog.try_save()
    assert result is not None and result.workstation_changed
    assert database_target() == other
    assert _audit_count(database) == before  # nothing of it in the office database
    again = _dialog(qtbot, database, "agent01")
    assert again.workstation.edit.text() == str(other)
    again.workstation.default_button.click()
    assert again.try_save().workstation_changed
    assert database_target() == default_db_path()


def test_a_url_with_a_password_is_refused_and_nothing_saved(qtbot, database) -> None:
    dialog = _dialog(qtbot, database)
    dialog.tabs.setCurrentIndex(0)
    dialog.fields["name"].setText("新名字")
    before = _audit_count(database)
    dialog.workstation.edit.setText("postgresql+psycopg://clerk:s3cret@db.lan/casedesk")
    assert dialog.try_save() is None
    error = dialog.forms["workstation"].errors["database_target"]
    assert error.isVisibleTo(dialog) and error.text().startswith("Leave the password out")
    assert dialog.tabs.currentWidget().objectName() == "tab:workstation"
    assert not config_path().exists()
    assert _audit_count(database) == before
    with database.sessions() as s:
        assert s.scalar(select(Office.name)) != "新名字"
    dialog.workstation.edit.setText("postgresql+psycopg://clerk@db.lan/casedesk")
    assert dialog.try_save() is not None
    assert database_target() == "postgresql+psycopg://clerk@db.lan/casedesk"
    assert not error.isVisibleTo(dialog)


def test_test_connection_on_a_file(qtbot, database, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    dialog = _dialog(qtbot, database)
    section = dialog.workstation
    section.edit.setText(str(database.path))
    worker = section.test_connection()
    assert worker is not None and not section.test_button.isEnabled()
    qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
    assert section.result.text().startswith(f"Connected to {database.path}: office ")
    assert section.test_button.isEnabled()
    section.edit.setText(str(database.path.with_name("missing.db")))
    section.test_connection()
    qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
    assert section.result.text().startswith("No database at")
    assert not config_path().exists()  # a test saves nothing


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots(qtbot, database, screenshot_dir, lang, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    set_language(lang)
    try:
        dialog = _dialog(qtbot, database)
        section = dialog.workstation
        section.edit.setText(str(database.path))
        section.test_connection()
        qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
        if lang == "zh_CN":
            assert plain(dialog.tabs.tabText(dialog.tabs.count() - 1)) == "本工作站"  # "(&T)" added
            assert section.result.text().startswith("已连接到")
        grab(dialog, screenshot_dir / f"settings_workstation_{lang}.png")
        grab(dialog, screenshot_dir / f"settings_workstation_{lang}.png")
        section.edit.setText("postgresql://clerk:pw@db.lan/casedesk")
        assert dialog.try_save() is None
        grab(dialog, screenshot_dir / f"settings_workstation_refused_{lang}.png")
    finally:
        set_language("en")


def test_a_remembered_server_password_can_be_forgotten(
    qtbot, database, lang, screenshot_dir
) -> None:
    from db.pg_login import forget_password, remember_password, saved_password

    server = "postgresql+psycopg://clerk@db.office.lan/casedesk"
    remember_password(server, "s3cret")
    try:
        dialog = _dialog(qtbot, database)
        section = dialog.workstation
        assert not section.forget_button.isVisible()  # a file: no server password
        section.edit.setText(server)
        assert section.forget_button.isVisible() and server in section.remembered.text()
        grab(dialog, screenshot_dir / f"settings_forget_password_{lang}.png")
        section.forget_button.click()
        assert saved_password(server) is None
        assert not section.forget_button.isVisible()
        assert section.result.isVisible() and server in section.result.text()
        section.edit.setText(server.replace("clerk", "other"))  # nothing remembered for it
        assert not section.forget_button.isVisible()
        assert not config_path().exists()  # forgetting saves no choice
    finally:
        forget_password(server)


# --- the start on a file is unchanged -----------------------------------------------------------


def test_a_file_keeps_its_window_lock(database) -> None:
    from ui.app import on_server, window_lock

    assert not on_server(database)
    lock = window_lock(database)
    assert lock is not None
    try:
        with pytest.raises(DatabaseError):
            window_lock(database)  # a second window on the same file is refused
    finally:
        lock.release()


def test_the_wizard_only_for_the_default_file(tmp_path) -> None:
    from ui.app import wants_wizard, window_target

    assert window_target(None) == default_db_path()
    assert wants_wizard(None, default_db_path())
    assert not wants_wizard(tmp_path / "x.db", tmp_path / "x.db")  # --db names a file
    url = "postgresql+psycopg://clerk@db.lan/casedesk"
    assert window_target(url) == url and not wants_wizard(None, url)


def test_the_daily_backup_still_runs_on_a_file(qtbot, database) -> None:
    from app.backups import backups
    from tests.ui.test_queue import window_for
    from ui.app import start_background_work

    window = window_for(qtbot, database)
    start_background_work(window)
    window.wait_for_backup()
    assert window.backup_job is not None
    assert [b.kind for b in backups(database, login(database, "admin"))] == ["scheduled"]
    assert database.shown == str(database.path) and database.short_name == database.path.name
