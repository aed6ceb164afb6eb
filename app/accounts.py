"""Account upkeep: change your own password, and (admin) list, add, reset, unlock, deactivate,
activate an account or change its role. Every password a person chooses is held to
app.passwords.check_new_password.

Every change is audited without secrets: the audit names who did what to whose account, never a
password or a hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, ScalarSelect, String, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from app import audit
from app.account_handover import Handover, hand_back_cases, visits_on
from app.auth import (
    Permission,
    add_user,
    check_name_free,
    check_username,
    count_wrong_password,
    hash_password,
    locked_until_words,
    may_log_in,
    require,
    verify_password,
    write_locked,
)
from app.concurrency import saving, stale
from app.errors import AuthenticationError, NotFound, ValidationError
from app.models import AuditEntry, Role, User
from app.models.base import utcnow
from app.passwords import check_new_password
from app.user_names import user_named


def _find(session: Session, username: str) -> User:
    user = user_named(session, username, populate_existing=True)
    if user is None:
        raise NotFound("Unknown user {name}.", name=username)
    return user


def account_named(session: Session, username: str) -> User:
    """The account `username` names, or NotFound: asked before a new password is typed for it
    (`casedesk user reset ghost` asked for it twice, then said "Unknown user ghost")."""
    return _find(session, username)


# Why an admin may not do these to their own account: the refusal, and the Users dialog's tooltip
# on its greyed buttons (QA s47 M #6: greyed with no reason given).
NOT_OWN_ROLE = "You cannot change your own role."
NOT_OWN_DEACTIVATE = "You cannot deactivate your own account."


# What an admin changes on an account. Not the owner's logins, lockouts or own password: those
# move the row's version all day and never make the admin's view of the account wrong.
ADMIN_CHANGES = (
    "user.add",
    "user.role",
    "user.password_reset",
    "user.unlock",
    "user.deactivate",
    "user.activate",
)


def _admin_mark(user_id: ColumnElement[str] | str) -> ScalarSelect[int | None]:
    """The newest admin change to an account (its audit entry's id), as an SQL expression."""
    return (
        select(func.max(AuditEntry.id))
        .where(
            AuditEntry.entity == "user",
            AuditEntry.entity_id == user_id,
            AuditEntry.action.in_(ADMIN_CHANGES),
        )
        .scalar_subquery()
    )


def _check_seen(session: Session, target: User, seen: int | None) -> None:
    """Refuse (StaleEdit) when another admin changed the account after the caller's list read
    it: `seen` is the mark its row showed (AccountRow.admin_mark); None checks nothing (the CLI
    reads and acts at once)."""
    if seen is None:
        return
    now = session.scalar(select(_admin_mark(str(target.id))))
    if (now or 0) != seen:
        raise stale(session, "User", target.username, audit_id=target.id, action=ADMIN_CHANGES)


def add_account(
    session: Session,
    admin: User,
    username: str,
    role: Role | str,
    password: str,
    display_name: str | None = None,
) -> User:
    """(Admin) add an account whose password the admin chose, held to the password rule; its
    owner must choose their own at their first login (the admin knows this one). The user name
    is judged first, as the form and the setup wizard ask for it first."""
    require(admin, Permission.MANAGE_USERS)
    check_name_free(session, check_username(username))
    check_new_password(password, username.strip())
    return add_user(
        session, admin, username, role, password, display_name, must_change_password=True
    )


def change_password(session: Session, user: User, old_password: str, new_password: str) -> None:
    """The logged-in user changes their own password, proving they know the current one.

    A wrong current password counts as a wrong login and can lock the account, as at the login
    box; a locked account cannot change its password. The count is flushed, not committed:
    `change_own_password` commits it even though the change is refused.
    """
    now = utcnow()
    me = may_log_in(session.get(User, user.id, populate_existing=True), now)
    if not verify_password(me.password_hash, old_password):
        count_wrong_password(session, me, now)
        if me.locked_until is not None and me.locked_until > now:  # locked by this one
            raise AuthenticationError(
                "The current password is wrong; nothing was changed. This account is now locked "
                "until {time} after too many wrong passwords.",
                time=locked_until_words(me, now),
            )
        raise AuthenticationError("The current password is wrong; nothing was changed.")
    check_new_password(new_password, me.username)
    if new_password == old_password:
        raise ValidationError("The new password must differ from the current one.")
    with saving(session, "User", me.username, audit_id=me.id):
        me.password_hash = hash_password(new_password)
        me.failed_logins = 0
        me.must_change_password = False  # their own now: nobody else knows it
        audit.record(session, me, "user.password_change", "user", me.id)


def change_own_password(
    sessions: sessionmaker[Session], user_id: int, old_password: str, new_password: str
) -> None:
    """`change_password` in its own write-locked transaction (as app.auth.authenticate logs in):
    committed when it succeeds, and also when a wrong current password was counted."""
    with write_locked(sessions) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AuthenticationError("Wrong user name or password.")
        try:
            change_password(session, user, old_password, new_password)
        except AuthenticationError:
            session.commit()
            raise
        session.commit()


def reset_password(
    session: Session,
    admin: User,
    username: str,
    new_password: str,
    *,
    seen: int | None = None,
) -> bool:
    """(Admin) give an account a new password; this also lifts a lockout. An inactive account
    stays inactive until activated (`activate_user`): returns whether the account is active.

    The owner must choose their own at their next login, since the admin knows this one; an
    admin who resets their own account chose it themselves. `seen`: the account as the admin's
    list showed it (AccountRow.admin_mark); another admin's change since is refused."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    _check_seen(session, target, seen)
    check_new_password(new_password, target.username)
    with saving(session, "User", target.username, audit_id=target.id):
        target.password_hash = hash_password(new_password)
        target.failed_logins = 0
        target.locked_until = None
        target.must_change_password = target.id != admin.id
        audit.record(
            session, admin, "user.password_reset", "user", target.id, {"username": target.username}
        )
    return target.active


def unlock_user(session: Session, admin: User, username: str, *, seen: int | None = None) -> bool:
    """(Admin) lift a lockout after too many wrong passwords, before it runs out; whether the
    account was locked (its count of wrong passwords starts again either way). `seen`: as for
    `reset_password`."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    _check_seen(session, target, seen)
    with saving(session, "User", target.username, audit_id=target.id):
        was_locked = is_locked(target)
        target.failed_logins = 0
        target.locked_until = None
        audit.record(
            session,
            admin,
            "user.unlock",
            "user",
            target.id,
            {"username": target.username, "was_locked": was_locked},
        )
    return was_locked


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    """The account is locked out now (after too many wrong passwords)."""
    until = user.locked_until
    if until is None:
        return False
    until = until if until.tzinfo else until.replace(tzinfo=dt.UTC)
    return until > (now or utcnow())


def deactivate_user(
    session: Session, admin: User, username: str, *, seen: int | None = None
) -> Handover:
    """(Admin) stop an account from logging in; its history stays. Never your own account. Its
    open cases go back to the queue unassigned (app.account_handover); returns what it held.
    `seen`: as for `reset_password`."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    _check_seen(session, target, seen)
    if target.id == admin.id:
        raise ValidationError(NOT_OWN_DEACTIVATE)
    if not target.active:
        raise ValidationError("{name} is already inactive.", name=target.username)
    with saving(session, "User", target.username, audit_id=target.id):
        target.active = False
        audit.record(
            session, admin, "user.deactivate", "user", target.id, {"username": target.username}
        )
        held = Handover(hand_back_cases(session, admin, target), visits_on(session, target.id))
    return held


def activate_user(session: Session, admin: User, username: str, *, seen: int | None = None) -> None:
    """(Admin) let a deactivated account log in again, with the password it had (or a reset one).
    `seen`: as for `reset_password`."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    _check_seen(session, target, seen)
    if target.active:
        raise ValidationError("{name} is already active.", name=target.username)
    with saving(session, "User", target.username, audit_id=target.id):
        target.active = True
        audit.record(
            session, admin, "user.activate", "user", target.id, {"username": target.username}
        )


def change_role(
    session: Session,
    admin: User,
    username: str,
    role: Role | str,
    *,
    expected_role: Role | str | None = None,
) -> int:
    """(Admin) give an account another role: an agent made supervisor, say. Never your own (an
    admin would lock themselves out of this very list); the open cases of an agent made a
    supervisor stay theirs. Returns how many booked visits to come an agent given another role is
    on: no longer an agent, they may not go, and a supervisor staffs those anew (as for a
    deactivated account: app/visits/team_gone.py); 0 otherwise. `expected_role`: the role the
    caller showed; another admin's change since is refused (StaleEdit), not overwritten. The
    role, not the row's version: the account's own logins move that."""
    from app.auth import parse_role

    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    new = parse_role(role) if isinstance(role, str) else role
    if target.id == admin.id:
        raise ValidationError(NOT_OWN_ROLE)
    if target.role is new:
        raise ValidationError("{name} already has that role.", name=target.username)
    old = target.role
    was = parse_role(expected_role) if isinstance(expected_role, str) else expected_role
    if was is not None and old is not was:
        raise stale(session, "User", target.username, audit_id=target.id, action="user.role")
    with saving(session, "User", target.username, audit_id=target.id):
        target.role = new
        audit.record(
            session,
            admin,
            "user.role",
            "user",
            target.id,
            {"username": target.username, "role": [old.value, new.value]},
        )
    return visits_on(session, target.id) if old is Role.AGENT else 0


@dataclass(frozen=True)
class AccountRow:
    """One account as the admin's list shows it."""

    username: str
    display_name: str
    role: str  # app.models.Role value
    active: bool
    locked: bool
    last_login_at: dt.datetime | None
    must_change_password: bool = False  # an admin set the password; its owner has not chosen one
    admin_mark: int = 0  # the newest admin change to it (audit id): what the actions send back


def account_rows(session: Session, admin: User) -> list[AccountRow]:
    """(Admin) every account, by user name: the Users dialog's and `user list`'s rows."""
    require(admin, Permission.MANAGE_USERS)
    now = utcnow()
    mark = _admin_mark(cast(User.id, String))
    return [
        AccountRow(
            u.username,
            u.display_name,
            u.role.value,
            u.active,
            is_locked(u, now),
            u.last_login_at,
            u.must_change_password,
            marked or 0,
        )
        for u, marked in session.execute(select(User, mark).order_by(User.username))
    ]
