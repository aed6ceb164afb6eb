"""Account upkeep: change your own password, and (admin) reset, unlock or deactivate an account.

Every change is audited without secrets: the audit names who did what to whose account, never a
password or a hash.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, hash_password, require, verify_password
from app.concurrency import saving
from app.errors import AuthenticationError, NotFound, ValidationError
from app.models import User

MIN_PASSWORD = 8


def _find(session: Session, username: str) -> User:
    user = session.scalar(
        select(User)
        .where(User.username == (username or "").strip())
        .execution_options(populate_existing=True)
    )
    if user is None:
        raise NotFound("Unknown user {name}.", name=username)
    return user


def _check_new(new_password: str) -> None:
    if len(new_password or "") < MIN_PASSWORD:
        raise ValidationError(
            "A new password needs at least {count} characters.", count=MIN_PASSWORD
        )


def change_password(session: Session, user: User, old_password: str, new_password: str) -> None:
    """The logged-in user changes their own password, proving they know the current one."""
    me = session.get(User, user.id, populate_existing=True)
    if me is None or not me.active:
        raise AuthenticationError("Wrong user name or password.")
    if not verify_password(me.password_hash, old_password):
        raise AuthenticationError("The current password is wrong; nothing was changed.")
    _check_new(new_password)
    if new_password == old_password:
        raise ValidationError("The new password must differ from the current one.")
    with saving(session, "User", me.username, audit_id=me.id):
        me.password_hash = hash_password(new_password)
        audit.record(session, me, "user.password_change", "user", me.id)


def reset_password(session: Session, admin: User, username: str, new_password: str) -> None:
    """(Admin) give an account a new password; this also lifts a lockout."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    _check_new(new_password)
    with saving(session, "User", target.username, audit_id=target.id):
        target.password_hash = hash_password(new_password)
        target.failed_logins = 0
        target.locked_until = None
        audit.record(
            session, admin, "user.password_reset", "user", target.id, {"username": target.username}
        )


def unlock_user(session: Session, admin: User, username: str) -> None:
    """(Admin) lift a lockout after too many wrong passwords, before it runs out."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    with saving(session, "User", target.username, audit_id=target.id):
        was_locked = target.locked_until is not None
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


def deactivate_user(session: Session, admin: User, username: str) -> None:
    """(Admin) stop an account from logging in; its history stays. Never your own account."""
    require(admin, Permission.MANAGE_USERS)
    target = _find(session, username)
    if target.id == admin.id:
        raise ValidationError("You cannot deactivate your own account.")
    if not target.active:
        raise ValidationError("{name} is already inactive.", name=target.username)
    with saving(session, "User", target.username, audit_id=target.id):
        target.active = False
        audit.record(
            session, admin, "user.deactivate", "user", target.id, {"username": target.username}
        )
