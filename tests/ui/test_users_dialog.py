"""The Users dialog (admin, from the status bar's Users… button), on a copy of the demo office
with real widgets: add an account (a weak or mistyped password refused inline, nothing added),
reset a password, unlock, change a role, deactivate after a confirmation and activate; one's own
account cannot be deactivated nor given another role; an agent has no Users… button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from app.auth import authenticate
from app.models import AuditEntry, Role, User
from app.models.base import utcnow
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab_over, when_modal, window_for
from ui import std_buttons

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _user(database, name: str) -> User | None:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(select(User).where(User.username == name))


def _actions(database) -> list[str]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like("user.%"))
                .order_by(AuditEntry.id)
            )
        )


def test_only_an_admin_has_the_users_button(qtbot, database) -> None:
    assert window_for(qtbot, database, "admin").users_button.isVisible()
    assert not window_for(qtbot, database, "supervisor").users_button.isVisible()
    assert not window_for(qtbot, database, "agent01").users_button.isVisible()


def test_an_admin_adds_an_account_that_then_logs_in(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.users import NewAccountDialog, UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    seen: dict[str, object] = {}

    def fill(new: QDialog) -> None:
        assert isinstance(new, NewAccountDialog)
        new.username.setText("agent07")
        new.display_name.setText("钱七")
        new.role.setCurrentIndex(new.role.findData("agent"))
        new.password.setText("short")
        new.repeat.setText("short")
        seen["weak"] = new.try_save()
        seen["weak_error"] = new.error.text()
        new.password.setText("Lotus-pond-42")
        new.repeat.setText("Lotus-pond-24")
        seen["typo"] = new.try_save()
        seen["typo_error"] = new.error.text()
        assert new.username.text() == "agent07"  # what was typed stays
        new.repeat.setText("Lotus-pond-42")
        grab_over(window, new, screenshot_dir / "users_add.png")
        new.try_save()

    when_modal(NewAccountDialog, fill)
    assert dialog.add() == "agent07"
    assert seen["weak"] is False and "at least 8" in str(seen["weak_error"])
    assert seen["typo"] is False and "differ" in str(seen["typo_error"])
    assert dialog.selected_name() == "agent07" and "Added agent07" in dialog.status.text()
    assert authenticate(database.sessions, "agent07", "Lotus-pond-42").role is Role.AGENT
    assert dialog.changed and _actions(database).count("user.add") >= 1
    grab_over(window, dialog, screenshot_dir / "users_dialog.png")


def test_reset_unlock_role_deactivate_and_activate(qtbot, database, monkeypatch) -> None:
    from ui.dialogs.users import NewPasswordDialog, UsersDialog

    window = window_for(qtbot, database, "admin")
    with database.session() as s:  # agent02 locked out after wrong passwords
        locked = s.scalar(select(User).where(User.username == "agent02"))
        locked.failed_logins, locked.locked_until = 5, utcnow() + dt.timedelta(minutes=15)
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("agent02")
    assert dialog.unlock_button.isEnabled() and dialog.deactivate_button.isEnabled()
    assert dialog.unlock()
    assert not dialog.unlock_button.isEnabled() and "Unlocked agent02" in dialog.status.text()

    def new_password(d: QDialog) -> None:
        assert isinstance(d, NewPasswordDialog)
        d.password.setText("Maple-road-77")
        d.repeat.setText("Maple-road-77")
        d.try_save()

    when_modal(NewPasswordDialog, new_password)
    assert dialog.reset()
    assert authenticate(database.sessions, "agent02", "Maple-road-77").username == "agent02"

    monkeypatch.setattr(std_buttons, "get_item", lambda *a, **k: ("Supervisor", True))
    monkeypatch.setattr(std_buttons, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.change_role()
    assert _user(database, "agent02").role is Role.SUPERVISOR
    assert "agent02 is now Supervisor." in dialog.status.text()

    monkeypatch.setattr(std_buttons, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not dialog.deactivate()
    assert _user(database, "agent02").active
    monkeypatch.setattr(std_buttons, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.deactivate()
    assert not _user(database, "agent02").active
    assert dialog.activate_button.isEnabled() and not dialog.deactivate_button.isEnabled()
    assert dialog.activate()
    assert _user(database, "agent02").active
    assert [a for a in _actions(database) if a != "user.login"][-5:] == [
        "user.unlock",
        "user.password_reset",
        "user.role",
        "user.deactivate",
        "user.activate",
    ]


def test_ones_own_account_is_neither_deactivated_nor_given_another_role(qtbot, database) -> None:
    from ui.dialogs.users import UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("admin")
    assert not dialog.deactivate_button.isEnabled() and not dialog.role_button.isEnabled()
    assert dialog.reset_button.isEnabled()
    # the core refuses it too, and the dialog says so
    assert not dialog.deactivate(confirm=False)
    assert "your own account" in dialog.error.text() and not dialog.error.isHidden()
    assert not dialog.change_role("agent")
    assert "your own role" in dialog.error.text()
    assert _user(database, "admin").active and _user(database, "admin").role is Role.ADMIN
