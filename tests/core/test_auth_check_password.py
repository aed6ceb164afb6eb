"""Checking a password is not a login (QA s47 M #2): a supervisor's password typed for an
override left a `user.login` for them and moved their last login, even when the agent then
cancelled. `check_password` audits no login and leaves the last login; a wrong password still
counts towards the lockout as at login, and a right one clears the count."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth import add_user, authenticate, check_password
from app.errors import AuthenticationError
from app.models import AuditEntry, Role, User
from app.office import create_office


@pytest.fixture
def office(db):
    with db.session() as s:
        _office, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "boss", Role.SUPERVISOR, "pw-boss")
    return db


def _boss(database) -> tuple[User, dict[str, int]]:
    """The supervisor's account and their audit entries counted by action."""
    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == "boss"))
        counts = s.execute(
            select(AuditEntry.action, func.count(AuditEntry.id))
            .where(AuditEntry.user_id == user.id)
            .group_by(AuditEntry.action)
        ).all()
        return user, dict(counts)


def test_a_right_password_is_checked_without_a_login(office) -> None:
    authenticate(office.sessions, "boss", "pw-boss")  # logged in once, on their own desk
    before, entries = _boss(office)
    assert entries.get("user.login") == 1 and before.last_login_at is not None
    checked = check_password(office.sessions, "boss", "pw-boss")
    assert checked.username == "boss" and checked.role is Role.SUPERVISOR
    after, entries_after = _boss(office)
    assert entries_after == entries  # nothing audited: no login
    assert after.last_login_at == before.last_login_at


def test_wrong_passwords_still_count_and_lock_as_at_login(office) -> None:
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        check_password(office.sessions, "boss", "wrong")
    assert _boss(office)[0].failed_logins == 1
    check_password(office.sessions, "boss", "pw-boss")  # a right one clears the count
    assert _boss(office)[0].failed_logins == 0
    for _ in range(4):
        with pytest.raises(AuthenticationError, match=r"^Wrong user name or password\.$"):
            check_password(office.sessions, "boss", "wrong")
    with pytest.raises(AuthenticationError, match="now locked until"):
        check_password(office.sessions, "boss", "wrong")  # the fifth in a row
    boss, entries = _boss(office)
    assert boss.locked_until is not None and entries == {"user.locked": 1}
    with pytest.raises(AuthenticationError, match="is locked until"):
        check_password(office.sessions, "boss", "pw-boss")  # locked: not even the right one
    with pytest.raises(AuthenticationError, match="is locked until"):
        authenticate(office.sessions, "boss", "pw-boss")  # nor a login
