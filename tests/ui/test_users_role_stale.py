"""The Users dialog's "Change role…" on a list read before another admin changed that account's
role (on another workstation): refused, naming who changed it and when, and the list shows the
role it has now; it overwrote the other admin's choice unseen (and asked, or did not ask, about
an agent's open cases by the role the list still showed). The account's own logins since do not
refuse it: the role is checked, not the row's version."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import change_role
from app.auth import authenticate
from app.models import Role, User
from tests.ui.test_trust import window_for
from tests.ui.test_users_dialog import database  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui


def _role(db, name: str) -> Role:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        role = s.scalar(select(User.role).where(User.username == name))
        assert role is not None
        return role


def _elsewhere(db, name: str, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Another admin's change, on another workstation (its own transaction)."""
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        change_role(s, admin, name, role)


def test_a_role_changed_since_the_list_was_read_is_not_overwritten(
    qtbot,
    database,  # noqa: F811
) -> None:
    from ui.dialogs.users import UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("agent02") and dialog.selected().role == Role.AGENT.value
    _elsewhere(database, "agent02", Role.SUPERVISOR)
    assert not dialog.change_role(Role.ADMIN.value, confirm=False)
    assert _role(database, "agent02") is Role.SUPERVISOR  # it became admin, unseen
    assert dialog.error.text().startswith("User agent02 was changed by admin at "), (
        dialog.error.text()
    )
    assert dialog.selected().username == "agent02"
    assert dialog.selected().role == Role.SUPERVISOR.value  # shown as it is now
    assert dialog.change_role(Role.ADMIN.value, confirm=False)  # decided again: it goes through
    assert _role(database, "agent02") is Role.ADMIN


def test_a_login_since_the_list_was_read_does_not_refuse_it(
    qtbot,
    database,  # noqa: F811
) -> None:
    from ui.dialogs.users import UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("agent02")
    authenticate(database.sessions, "agent02", "demo")  # their row moved, their role did not
    assert dialog.change_role(Role.SUPERVISOR.value, confirm=False), dialog.error.text()
    assert _role(database, "agent02") is Role.SUPERVISOR
