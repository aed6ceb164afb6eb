"""The window on a PostgreSQL server (issue 12): `casedesk --db URL` and `casedesk db use URL` open
it, the server password is asked only when the server wants one (and can be remembered), no
file lock and no daily file backup are taken, the Backups dialog says the server backs itself up,
and Settings → This workstation tests and saves the URL. Skipped without CASEDESK_TEST_PG_URL."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from app.cases.rebuild import rebuild_queue
from app.models import Case
from tests.conftest import TEST_KEY
from tests.ui.test_queue import grab, login

pytestmark = pytest.mark.gui
SHOTS = Path("/tmp/shots")


@pytest.fixture
def server_office(pg_demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> Iterator:
    """The demo office on the server with its queue built; a fresh config, home and cwd."""
    from ui.app import application

    application()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.chdir(tmp_path)  # a file lock for the "path" would land here
    with pg_demo_db.session() as s:
        rebuild_queue(s, None)
    yield pg_demo_db


def _no_files_left(tmp_path: Path) -> list[str]:
    """Files the start left outside the config folder (window geometry lives there): a lock
    next to the database's "path" in the working folder, a backup in the home. The audit chain's
    anchor (app/audit_anchor.py) is this workstation's on a server too: it names the server's
    URL, never its password."""
    from app.audit_anchor import FILE_NAME

    left = []
    for p in tmp_path.rglob("*"):
        if not p.is_file() or p.is_relative_to(tmp_path / "config"):
            continue
        if p.name == FILE_NAME:
            assert not re.search(r"://[^/@:]+:[^/@]*@", p.read_text("utf-8"))  # no password
            continue
        left.append(str(p.relative_to(tmp_path)))
    return sorted(left)


def _password(pg_server) -> str:
    """What a person types: the server's real password if it has one (trust accepts any)."""
    return pg_server.base.password or "typed-at-start"


def test_the_main_window_works_on_the_server(qtbot, server_office) -> None:
    from tests.ui.test_queue import window_for

    window = window_for(qtbot, server_office)
    assert server_office.shown == server_office.url
    assert server_office.short_name == server_office.url.split("://")[1]
    aging, _recovery = window.dashboard.charts()  # drawn from the server's sums
    assert [type(f.amount) for f in aging.figures] == [int] * len(aging.figures)
    SHOTS.mkdir(parents=True, exist_ok=True)  # absolute: the test runs in its own folder
    for row in range(window.sidebar.count()):  # every page builds, refreshes and paints
        window.sidebar.setCurrentRow(row)
        grab(window, SHOTS / f"h12_pg_page_{row}.png")
    window.show_page(window.queue)
    with server_office.sessions() as s:
        open_cases = len(s.scalars(select(Case.id).where(Case.closed_on.is_(None))).all())
    assert 0 < window.queue.model.rowCount() <= open_cases
    case_id = window.queue.model.id_at(0)
    window.open_case(case_id)
    assert window.stack.currentWidget() is window.cases
    grab(window, SHOTS / "h12_window_on_postgresql.png")


def test_no_prompt_when_the_server_lets_the_user_in(server_office, pg_server, monkeypatch):
    from ui.app import open_or_explain

    if pg_server.base.password:
        pytest.skip("CASEDESK_TEST_PG_URL logs in with a password")
    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)
    asked: list[object] = []
    database = open_or_explain(server_office.url, ask_password=lambda r: asked.append(r) or None)
    assert database is not None
    database.close()
    assert asked == []  # the server trusts this user: no question at start


def test_the_password_prompt_asks_until_the_server_accepts_and_remembers(
    qtbot, server_office, pg_password_role, monkeypatch
) -> None:
    from db.pg_login import Refusal, forget_password, saved_password
    from ui.app import open_or_explain
    from ui.dialogs.server_password import ServerPasswordDialog

    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)
    url = pg_password_role.url(server_office.url)
    typed = ["wrong", pg_password_role.password]
    asked: list[tuple[str, str, bool]] = []

    def prompt(refusal: Refusal):
        # The dialog itself, driven as a person would, without its modal loop.
        dialog = ServerPasswordDialog(url, None, refusal)
        qtbot.addWidget(dialog)
        dialog.show()
        said = dialog.refused.text() if dialog.refused.isVisible() else ""
        asked.append((said, dialog.windowTitle(), dialog.remember.isChecked()))
        dialog.password.setText(typed.pop(0))
        dialog.remember.setChecked(True)
        dialog.accept()
        return dialog.value()

    database = open_or_explain(url, ask_password=prompt)
    assert database is not None
    try:
        assert asked == [
            ("", "Server password", False),
            (
                "The server refused that password. Check it and try again, or cancel.",
                "Server password",
                False,
            ),
        ]
        assert database.url == url  # never shown with the password
        with database.sessions() as s:
            assert s.scalar(select(Case.id).limit(1)) is not None
    finally:
        database.close()
    assert saved_password(url) == pg_password_role.password
    asked.clear()
    again = open_or_explain(url, ask_password=prompt)  # the next start: not asked
    assert again is not None and asked == []
    again.close()
    forget_password(url)


def test_the_dialog_says_why_it_asks_again(qtbot) -> None:
    from db.pg_login import Refusal, Typed
    from ui.dialogs.server_password import ServerPasswordDialog

    shown = "postgresql+psycopg://clerk@db.lan/casedesk"
    first = ServerPasswordDialog(shown)
    saved = ServerPasswordDialog(shown, None, Refusal.SAVED)
    for dialog in (first, saved):
        qtbot.addWidget(dialog)
        dialog.show()
    assert not first.refused.isVisible() and not first.remember.isChecked()
    assert saved.refused.isVisible() and "remembered on this computer" in saved.refused.text()
    assert saved.remember.isChecked()  # remembered before: the new one replaces it
    saved.password.setText("new-one")
    saved.accept()
    assert saved.value() == Typed("new-one", remember=True)
    first.accept()  # Connect with an empty field: nothing to try, nothing opened
    assert first.value() is None


def test_no_prompt_when_the_environment_has_the_password(server_office, monkeypatch) -> None:
    from ui.app import open_or_explain

    password = os.environ.get("CASEDESK_DB_PASSWORD") or "from-the-environment"
    monkeypatch.setenv("CASEDESK_DB_PASSWORD", password)
    asked: list[bool] = []
    database = open_or_explain(server_office.url, ask_password=lambda r: asked.append(True) or None)
    assert database is not None
    database.close()
    assert asked == [] and database.engine.url.password == password


def test_a_cancelled_prompt_gives_none(qtbot) -> None:
    from ui.dialogs.server_password import ServerPasswordDialog

    dialog = ServerPasswordDialog("postgresql+psycopg://clerk@db.lan/casedesk")
    qtbot.addWidget(dialog)
    dialog.password.setText("half-typed")
    dialog.reject()
    assert dialog.value() is None


def test_no_file_lock_and_no_daily_backup_on_the_server(qtbot, server_office, tmp_path) -> None:
    from app.backups import backup_if_due
    from tests.ui.test_queue import window_for
    from ui.app import finish, on_server, start_background_work, window_lock

    assert on_server(server_office)
    assert window_lock(server_office) is None
    assert window_lock(server_office) is None  # a second workstation (window) is welcome
    window = window_for(qtbot, server_office)
    start_background_work(window)
    assert getattr(window, "backup_job", None) is None
    assert backup_if_due(server_office) is None
    window.close()
    finish(window)
    assert _no_files_left(tmp_path) == []


def test_the_backups_dialog_says_the_server_backs_up(qtbot, server_office) -> None:
    from ui.dialogs.backups import BackupsDialog

    dialog = BackupsDialog(server_office, login(server_office, "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "made on the server (pg_dump)" in dialog.server_note.text()
    buttons = {b.text() for b in dialog.findChildren(QPushButton)}
    assert buttons == {"Close"}  # no back up now, no restore from a file
    SHOTS.mkdir(parents=True, exist_ok=True)
    grab(dialog, SHOTS / "h12_backups_on_server.png")
    dialog.findChildren(QPushButton)[0].click()  # Close: it raised, and the dialog stayed open
    assert not dialog.isVisible()


def test_the_login_names_the_server(qtbot, server_office) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.login import LoginDialog

    dialog = LoginDialog(server_office)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"Log in to {server_office.short_name}" in texts


def test_settings_tests_and_saves_the_server_url(qtbot, server_office) -> None:
    from app.workstation import database_target
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(server_office, login(server_office, "agent01"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    section = dialog.workstation
    section.edit.setText(server_office.url)
    section.test_connection()
    qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
    assert section.result.text().startswith(f"Connected to {server_office.url}: office ")
    assert dialog.try_save().workstation_changed
    assert database_target() == server_office.url
    backups_tab = dialog.forms["backups"]
    notes = [backups_tab.itemAt(i).widget() for i in range(backups_tab.count())]
    assert any("pg_dump" in getattr(w, "text", lambda: "")() for w in notes if w is not None)
    SHOTS.mkdir(parents=True, exist_ok=True)
    grab(dialog, SHOTS / "h12_settings_workstation_server.png")
    section.edit.setText(server_office.url.replace("/cdt_", "/nope_"))
    section.test_connection()
    qtbot.waitUntil(lambda: section.worker is None, timeout=20_000)
    assert "does not exist" in section.result.text()


def _run_until_the_queue_paints(target, monkeypatch, on_modal=None) -> int:
    """ui.app.run as `casedesk` runs it, logged in by the start-up probe (ui/probe.py), which
    closes the window once the work queue has painted."""
    from ui.app import run

    monkeypatch.setenv("CASEDESK_EXIT_AFTER_FIRST_PAINT", "1")
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    if on_modal is not None:

        def watch() -> None:
            if not on_modal(QApplication.activeModalWidget()):
                QTimer.singleShot(20, watch)

        QTimer.singleShot(0, watch)
    return run(target, lang="en")


def test_casedesk_dash_dash_db_url_opens_the_window(
    server_office, pg_server, monkeypatch, tmp_path, capsys
) -> None:
    from ui.dialogs.server_password import ServerPasswordDialog

    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)
    seen: list[str] = []

    def answer(widget) -> bool:
        if isinstance(widget, ServerPasswordDialog):
            seen.append(widget.windowTitle())
            widget.password.setText(_password(pg_server))
            widget.accept()
            return True
        return False

    assert _run_until_the_queue_paints(server_office.url, monkeypatch, answer) == 0
    # Asked only when the server wants a password (.ci/run's trusts the tests' own user).
    assert seen == (["Server password"] if pg_server.base.password else [])
    assert "first-paint-s=" in capsys.readouterr().out
    assert _no_files_left(tmp_path) == []  # no lock file, no backup


def test_a_remembered_password_is_not_asked_at_the_next_start(
    server_office, pg_password_role, monkeypatch, capsys
) -> None:
    from db.pg_login import forget_password
    from ui.dialogs.server_password import ServerPasswordDialog

    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)
    url = pg_password_role.url(server_office.url)
    seen: list[str] = []

    def answer(widget) -> bool:
        if isinstance(widget, ServerPasswordDialog):
            seen.append(widget.windowTitle())
            widget.password.setText(pg_password_role.password)
            widget.remember.setChecked(True)
            widget.accept()
            return True
        return False

    assert _run_until_the_queue_paints(url, monkeypatch, answer) == 0
    assert seen == ["Server password"]
    assert _run_until_the_queue_paints(url, monkeypatch, answer) == 0
    assert seen == ["Server password"]  # the keychain's: not asked again
    assert "first-paint-s=" in capsys.readouterr().out
    forget_password(url)


def test_db_use_then_casedesk_opens_the_server(server_office, monkeypatch, tmp_path, capsys):
    from app.cli.main import main

    monkeypatch.setenv("CASEDESK_DB_PASSWORD", os.environ.get("CASEDESK_DB_PASSWORD") or "-")
    assert main(["db", "use", server_office.url]) == 0
    capsys.readouterr()
    assert _run_until_the_queue_paints(None, monkeypatch) == 0  # `casedesk`, no --db
    assert "first-paint-s=" in capsys.readouterr().out
    assert _no_files_left(tmp_path) == []
    assert (tmp_path / "config" / "Casedesk" / "workstation.json").is_file()
