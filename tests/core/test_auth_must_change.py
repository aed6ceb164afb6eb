"""A password someone else set must be changed by its owner: an account an admin adds, or whose
password an admin resets, is marked until its owner changes their own; the office's first admin
(who chose theirs) and the demo's logins are not. Audited as before, without the password."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.accounts import (
    account_rows,
    add_account,
    change_own_password,
    change_password,
    reset_password,
)
from app.auth import authenticate
from app.errors import AuthenticationError, ValidationError
from app.models import AuditEntry, User
from app.office import create_office

ADMIN_PW = "Kestrel-42-river"
FIRST_PW = "Lantern-73-harbour"  # the admin chose it for the agent
OWN_PW = "Meadow-58-copper"  # the agent's own


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password=ADMIN_PW)
    return db


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _marked(database, name: str) -> bool:
    with database.sessions() as s:
        return _user(s, name).must_change_password


def test_the_first_admin_chose_their_own_and_is_not_marked(office) -> None:
    assert _marked(office, "admin") is False
    assert authenticate(office.sessions, "admin", ADMIN_PW).must_change_password is False


def test_an_added_account_is_marked_until_its_owner_changes_it(office) -> None:
    with office.session() as s:
        add_account(s, _user(s, "admin"), "lihua", "agent", FIRST_PW, "李华")
    assert _marked(office, "lihua") is True
    user = authenticate(office.sessions, "lihua", FIRST_PW)  # logging in is not changing it
    assert user.must_change_password is True and _marked(office, "lihua") is True
    with office.sessions() as s:
        rows = {r.username: r for r in account_rows(s, _user(s, "admin"))}
    assert rows["lihua"].must_change_password and not rows["admin"].must_change_password

    # A refused change leaves the mark.
    with pytest.raises(ValidationError, match="must differ"):
        change_own_password(office.sessions, user.id, FIRST_PW, FIRST_PW)
    with pytest.raises(AuthenticationError, match="current password is wrong"):
        change_own_password(office.sessions, user.id, "Not-the-one-99", OWN_PW)
    assert _marked(office, "lihua") is True

    change_own_password(office.sessions, user.id, FIRST_PW, OWN_PW)
    assert _marked(office, "lihua") is False
    assert authenticate(office.sessions, "lihua", OWN_PW).must_change_password is False


def test_a_reset_marks_the_account_again_but_not_the_admins_own(office) -> None:
    with office.session() as s:
        add_account(s, _user(s, "admin"), "lihua", "agent", FIRST_PW)
    with office.session() as s:
        change_password(s, _user(s, "lihua"), FIRST_PW, OWN_PW)
    assert _marked(office, "lihua") is False
    with office.session() as s:
        assert reset_password(s, _user(s, "admin"), "lihua", "Orchard-31-violet") is True
    assert _marked(office, "lihua") is True
    with office.session() as s:  # the admin resetting their own chose it themselves
        reset_password(s, _user(s, "admin"), "admin", "Willow-64-granite")
    assert _marked(office, "admin") is False


def test_audited_as_before_without_the_password(office) -> None:
    with office.session() as s:
        add_account(s, _user(s, "admin"), "lihua", "agent", FIRST_PW)
    with office.session() as s:
        reset_password(s, _user(s, "admin"), "lihua", "Orchard-31-violet")
    with office.session() as s:
        change_password(s, _user(s, "lihua"), "Orchard-31-violet", OWN_PW)
    with office.sessions() as s:
        entries = s.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.action.in_(["user.add", "user.password_reset", "user.password_change"])
            )
            .order_by(AuditEntry.id)
        ).all()
    assert [(e.action, e.changes) for e in entries] == [
        ("user.add", {"username": "admin", "role": "admin"}),
        ("user.add", {"username": "lihua", "role": "agent"}),
        ("user.password_reset", {"username": "lihua"}),
        ("user.password_change", None),
    ]
    written = json.dumps([e.changes for e in entries])
    for secret in (FIRST_PW, "Orchard-31-violet", OWN_PW):
        assert secret not in written


def test_the_demos_logins_are_not_marked(demo_db) -> None:
    with demo_db.sessions() as s:
        marked = s.scalars(select(User.username).where(User.must_change_password)).all()
        everyone = s.scalars(select(User.username)).all()
    assert marked == [] and {"admin", "supervisor", "agent01"} <= set(everyone)
    assert authenticate(demo_db.sessions, "agent01", "demo").must_change_password is False


@pytest.mark.sqlite_only
def test_the_quick_first_screen_leaves_a_marked_login_to_the_core(office) -> None:
    """The start's login before the core loads (app/first_screen.py) shows the queue at once: an
    account an admin set the password of takes the core's path, which asks for a new one."""
    import datetime as dt

    from app.first_screen import FirstScreenOffice
    from tests.conftest import TEST_KEY

    with office.session() as s:
        add_account(s, _user(s, "admin"), "lihua", "agent", FIRST_PW)
    now = dt.datetime.now(dt.UTC)
    light = FirstScreenOffice(office.path, TEST_KEY)
    try:
        assert light.check_login("lihua", FIRST_PW, now) is None
        assert light.check_login("admin", ADMIN_PW, now) is not None
    finally:
        light.close()
    with office.session() as s:
        change_password(s, _user(s, "lihua"), FIRST_PW, OWN_PW)
    light = FirstScreenOffice(office.path, TEST_KEY)
    try:
        assert light.check_login("lihua", OWN_PW, now) is not None
    finally:
        light.close()
