"""The start shows its login box before the core has loaded, opens the office once the window's
modules have loaded on a worker thread, and logs in (ui/startup.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from db.lock import DatabaseLock
from tests.conftest import TEST_KEY
from ui.app import open_office
from ui.login import LoginDialog
from ui.startup import LoggedIn, login_while_loading, short_name


def _open(path: Path):
    return lambda dialog: open_office(path, dialog)


def test_log_in_pressed_while_loading_waits_for_the_office(
    qtbot, demo_path, monkeypatch, screenshot_dir
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    seen: dict[str, object] = {}

    def press_at_once(dialog: LoginDialog) -> None:  # before the worker thread has even started
        dialog.username.setText("supervisor")
        dialog.password.setText("demo")
        dialog.try_login()
        seen.update(waiting=dialog.waiting, ok=dialog.ok.isEnabled(), status=dialog.status.text())
        seen["heading"] = dialog.findChildren(type(dialog.status))[0].text()
        dialog.show()
        dialog.grab().save(str(screenshot_dir / "login_opening.png"))

    started = login_while_loading(demo_path, _open(demo_path), press_at_once)
    assert seen["waiting"] is True and seen["ok"] is False
    assert seen["status"] == "Opening the office…"
    assert seen["heading"] == f"Log in to {demo_path.name}"
    assert isinstance(started, LoggedIn)
    try:
        assert started.user.username == "supervisor"
        assert started.lock is not None and started.database.path == demo_path
        with started.database.session() as s:
            assert s.get(type(started.user), started.user.id).failed_logins == 0
    finally:
        started.lock.release()
        started.database.close()


def test_a_wrong_password_while_loading_keeps_the_box_open(qtbot, demo_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    errors: list[str] = []

    def wrong_then_cancel(dialog: LoginDialog) -> None:
        dialog.username.setText("supervisor")
        dialog.password.setText("not-it")
        dialog.try_login()

        def look() -> None:
            if dialog.error.isVisible():
                errors.append(dialog.error.text())
                dialog.reject()
            else:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    assert login_while_loading(demo_path, _open(demo_path), wrong_then_cancel) == 0
    assert errors == ["Wrong user name or password."]
    lock = DatabaseLock(demo_path).acquire()  # cancelled: the window's lock was let go
    lock.release()


def _cancel_at_once(dialog: LoginDialog) -> None:
    QTimer.singleShot(0, dialog.reject)  # the first thing the dialog's loop does


def test_cancel_before_the_office_opens_opens_nothing(qtbot, demo_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    assert login_while_loading(demo_path, _open(demo_path), _cancel_at_once) == 0
    lock = DatabaseLock(demo_path).acquire()
    lock.release()


def _close_boxes(seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen.append(box.text())
        box.close()
    else:
        QTimer.singleShot(10, lambda: _close_boxes(seen))


def test_a_failed_load_says_why_and_exits_1(qtbot, demo_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _close_boxes(seen))
    code = login_while_loading(demo_path, _open(demo_path), modules=("casedesk_not_a_module",))
    assert code == 1
    said = "The window cannot start: ModuleNotFoundError: No module named"
    assert seen and seen[0].startswith(said)


def test_an_office_that_cannot_open_says_why_and_exits_1(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _close_boxes(seen))
    missing = tmp_path / "nothing-here.db"
    assert login_while_loading(missing, _open(missing)) == 1
    assert seen and seen[0].startswith("No database at") and not missing.exists()


def test_short_name_is_the_databases_own() -> None:
    assert short_name(Path("/data/office.db")) == "office.db"
    url = "postgresql+psycopg://clerk:secret@db.example/casedesk"
    assert short_name(url) == "clerk@db.example/casedesk"
