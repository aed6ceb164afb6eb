"""Logging in to the window with a password an admin set (a freshly added agent): the Change
password dialog asks for the user's own at once, before anything opens, saying why; logging out
of it leaves nobody logged in and the login box saying why; choosing one (held to the same rule)
logs in, and the main window opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from sqlalchemy import select

from app.accounts import add_account
from app.models import User
from db.lock import DatabaseLock
from tests.conftest import TEST_KEY
from tests.ui.test_trust import when_modal
from ui.app import open_office
from ui.login import LoginDialog
from ui.mnemonic_text import plain
from ui.startup import LoggedIn, login_while_loading

pytestmark = pytest.mark.gui

FIRST = "Lantern-73-harbour"  # the admin's choice
OWN = "Meadow-58-copper"  # the agent's own
WHY = {
    "en": "An administrator set this password: choose your own to go on. Nobody else will know it.",
    "zh_CN": "此密码是管理员设置的：请设置自己的密码后继续。新密码只有您自己知道。",
}
REFUSED = {
    "en": "An administrator set this password: choose your own to log in.",
    "zh_CN": "此密码是管理员设置的：须设置自己的密码才能登录。",
}


def _office_with_new_agent(path: Path) -> None:
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            add_account(s, admin, "agent07", "agent", FIRST, "钱七")
    finally:
        database.close()


def _marked(path: Path) -> bool:
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(User.must_change_password).where(User.username == "agent07"))
    finally:
        database.close()


def _log_in(dialog: LoginDialog, password: str = FIRST) -> None:
    dialog.username.setText("agent07")
    dialog.password.setText(password)
    dialog.try_login()


def _quick(path: Path) -> Callable[[str, str], object]:
    from ui.app import quick_login

    return lambda username, password: quick_login(path, username, password)


def test_a_new_agent_chooses_their_own_password_before_the_window_opens(
    qtbot, qapp: QApplication, demo_path: Path, monkeypatch, screenshot_dir, lang
) -> None:
    from ui.app import application, open_window
    from ui.dialogs.password import PasswordDialog

    application()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    _office_with_new_agent(demo_path)
    seen: dict[str, object] = {}
    login: list[LoginDialog] = []

    def log_out_of_it(asked: QDialog) -> None:  # the first time: Log out
        assert isinstance(asked, PasswordDialog)
        cancel = asked.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        seen.update(
            title=asked.windowTitle(),
            heading=asked.findChild(type(asked.error), "heading").text(),
            old_shown=asked.old.isVisibleTo(asked),
            cancel=plain(cancel.text()),  # a letter comes once the focus moves
        )
        assert asked.grab().save(str(screenshot_dir / f"qamust-login-change-{lang}.png"))
        cancel.click()
        QTimer.singleShot(0, logged_out)  # once the dialog's own loop has ended

    def logged_out() -> None:
        seen.update(user=login[0].user, error=login[0].error.text())
        assert login[0].grab().save(str(screenshot_dir / f"qamust-login-logged-out-{lang}.png"))
        when_modal(PasswordDialog, choose)
        _log_in(login[0])  # again: asked again

    def choose(asked: QDialog) -> None:
        assert isinstance(asked, PasswordDialog)
        asked.new.setText("Password1")  # a password anyone tries first: the same rule refuses
        asked.repeat.setText("Password1")
        seen["common"] = asked.try_change(FIRST, "Password1", "Password1")
        seen["common_error"] = asked.error.text()
        asked.try_change(FIRST, OWN, OWN)

    def drive(dialog: LoginDialog) -> None:
        login.append(dialog)
        when_modal(PasswordDialog, log_out_of_it)
        _log_in(dialog)  # pressed at once: the quick path leaves this login to the core

    started = login_while_loading(
        demo_path, lambda d: open_office(demo_path, d), drive, quick=_quick(demo_path)
    )
    assert seen["title"] == ("Choose your own password" if lang == "en" else "设置自己的密码")
    assert seen["heading"] == WHY[lang]
    assert seen["old_shown"] is False  # the current one is the password just typed
    assert seen["cancel"] == ("Log out" if lang == "en" else "退出登录")
    assert seen["user"] is None and seen["error"] == REFUSED[lang]
    assert seen["common"] is False and seen["common_error"]
    assert isinstance(started, LoggedIn)
    try:
        assert started.user.username == "agent07"
        with started.database.sessions() as s:
            me = s.get(User, started.user.id)
            assert me is not None and me.must_change_password is False
        window = open_window(started.database, started.user, lang)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        assert window.isVisible() and window.user.username == "agent07"
    finally:
        if started.lock is not None:
            started.lock.release()
        started.database.close()
    from app.auth import authenticate
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        assert authenticate(database.sessions, "agent07", OWN).username == "agent07"
    finally:
        database.close()


def test_logging_out_of_it_opens_nothing(qtbot, demo_path: Path, monkeypatch) -> None:
    from ui.dialogs.password import PasswordDialog

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    _office_with_new_agent(demo_path)
    asked: list[str] = []

    def log_out(dialog: QDialog) -> None:
        asked.append(dialog.windowTitle())
        dialog.reject()

    def drive(dialog: LoginDialog) -> None:
        when_modal(PasswordDialog, log_out)
        _log_in(dialog)

        def give_up() -> None:  # the login box, after the Log out: the user closes it
            if dialog.error.isVisible():
                dialog.reject()
            else:
                QTimer.singleShot(20, give_up)

        give_up()

    assert login_while_loading(demo_path, lambda d: open_office(demo_path, d), drive) == 0
    assert asked == ["Choose your own password"]
    lock = DatabaseLock(demo_path).acquire()  # nothing holds the office
    lock.release()
    assert _marked(demo_path) is True
    # The audit reads a login that led nowhere: in, then out, no password change between.
    assert _agent07_audit(demo_path) == ["user.login", "user.logout"]


def _agent07_audit(path: Path) -> list[str]:
    from app.models import AuditEntry
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User).where(User.username == "agent07"))
            return list(
                s.scalars(
                    select(AuditEntry.action)
                    .where(AuditEntry.user_id == agent.id)
                    .order_by(AuditEntry.id)
                )
            )
    finally:
        database.close()


def test_an_idle_lock_after_a_reset_asks_for_the_users_own_too(qtbot, demo_path: Path) -> None:
    """An admin reset agent01's password while agent01's window sat locked: unlocking with it
    asks for their own; logging out of that keeps the window covered."""
    from app.accounts import reset_password
    from db.store import open_database
    from ui.app import application
    from ui.dialogs.password import PasswordDialog
    from ui.idle import LockOverlay

    application()
    database = open_database(demo_path, TEST_KEY)
    try:
        from app.auth import authenticate

        agent = authenticate(database.sessions, "agent01", "demo")
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            reset_password(s, admin, "agent01", FIRST)
        host = QDialog()
        qtbot.addWidget(host)
        overlay = LockOverlay(database, agent, host)
        unlocked: list[object] = []
        overlay.unlocked.connect(unlocked.append)
        when_modal(PasswordDialog, lambda d: d.reject())
        assert overlay.try_unlock(FIRST) is False
        assert unlocked == [] and overlay.error.text() == REFUSED["en"]
        when_modal(PasswordDialog, lambda d: d.try_change(FIRST, OWN, OWN))
        assert overlay.try_unlock(FIRST) is True and len(unlocked) == 1
        assert authenticate(database.sessions, "agent01", OWN).must_change_password is False
    finally:
        database.close()


def test_a_supervisor_whose_password_an_admin_set_cannot_override_yet(
    qtbot, demo_path: Path
) -> None:
    """As the CLI refuses `--override-by` them: the admin knows that password."""
    from app.accounts import reset_password
    from db.store import open_database
    from ui.app import application
    from ui.dialogs.override import OverrideDialog

    application()
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            reset_password(s, admin, "supervisor", FIRST)
        ask = OverrideDialog(database)
        qtbot.addWidget(ask)
        reason = "Borrower asked us to call her sister about the payment date"
        assert ask.try_override("supervisor", FIRST, reason) is False
        assert ask.granted is None and ask.error.text() == (
            "An administrator set the password of supervisor: they log in and choose their own "
            "first."
        )
    finally:
        database.close()
