"""Accounts: argon2id password hashes, login, roles, and the permission check of every use case."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, sessionmaker

from app import audit
from app.errors import AccountDeactivated, AuthenticationError, PermissionDenied, ValidationError
from app.i18n import Words
from app.labels import ROLE
from app.models import Office, Role, User
from app.models.base import utcnow
from app.passwords import hash_password, hasher, verify_password
from app.roles import PERMISSION_WORDS, PERMISSIONS, Permission  # noqa: F401 - re-exported
from app.user_names import login_name, same_name, user_named

MAX_DISPLAY_NAME = 100  # the name shown for an account (the column holds 120)
MAX_USERNAME = 60  # the column holds 60 (app/models/user.py); the wizard's field stops there


def _lockout_policy(session: Session) -> tuple[int, int]:
    """(wrong passwords in a row, minutes locked) from the office settings."""
    from app import settings  # settings use this module's permissions

    return (
        int(settings.get(session, "security.max_failed_logins")),
        int(settings.get(session, "security.lockout_minutes")),
    )


def can(user: User, permission: Permission) -> bool:
    return user.active and user.role in PERMISSIONS[permission]


DEACTIVATED = (
    "The account {user} was deactivated by an admin and may do nothing more; ask an admin to "
    "activate it again."
)


def require(user: User, permission: Permission) -> None:
    """Refuse unless `user` may; a deactivated account is told so, whatever its role (a window
    left open reloads its user to save: the refusal said the role may not, QA)."""
    if not user.active:
        raise PermissionDenied(DEACTIVATED, user=user.username)
    if not can(user, permission):
        raise PermissionDenied(
            refusal_msgid(user, permission),
            user=user.username,
            role=Words(ROLE[user.role.value]),
            permission=Words(PERMISSION_WORDS[permission]),
        )


ROLE_CHANGED = (
    "An admin changed your role to {role}; that role may not do this, so nothing was saved. "
    "Casedesk will open its window again for that role."
)


def role_changed(refusal: PermissionDenied, role: Role) -> PermissionDenied:
    """`refusal` as said to a window still open for the account's old role: an admin changed it
    to `role` meanwhile, so the old role's words would not say why (QA s47 O #5). The window
    rewords its refusals so (ui/account_watch.py); the original is kept as the cause."""
    said = PermissionDenied(ROLE_CHANGED, role=Words(ROLE[role.value]))
    said.__cause__ = refusal
    return said


def refusal_msgid(user: User, permission: Permission) -> str:
    """The refusal's words for an active account: whom to ask (the roles that may)."""
    allowed = PERMISSIONS[permission]
    if Role.AGENT in allowed:
        return "{user} ({role}) may not {permission}."
    if Role.SUPERVISOR in allowed:
        return "{user} ({role}) may not {permission}; ask a supervisor or an admin."
    return "{user} ({role}) may not {permission}; ask an admin."


def parse_role(name: str) -> Role:
    try:
        return Role(name.strip().lower())
    except ValueError:
        raise ValidationError(
            "Unknown role {role}; choose one of: {choices}.",
            role=name,
            choices=[r.value for r in Role],
        ) from None


def _office_zone(user: User) -> zoneinfo.ZoneInfo:
    """The office's time zone, read through the session that holds `user` (people read a time
    on the office's clock, whatever zone this computer keeps)."""
    session = object_session(user)
    name = session.scalar(select(Office.timezone).limit(1)) if session is not None else None
    try:
        return zoneinfo.ZoneInfo(name or "Asia/Shanghai")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Shanghai")


WRONG = "Wrong user name or password."
LOCKED_NOW = (
    "Wrong user name or password. This account is now locked until {time} after too many wrong "
    "passwords."
)
LOCKED_NOW_LOCK = (  # the idle lock's words: its user name is shown, not typed
    "Wrong password. This account is now locked until {time} after too many wrong passwords."
)


def may_log_in(user: User | None, now: dt.datetime) -> User:
    """The account, if it exists, is active and is not locked at `now`; else why not."""
    if user is None or not user.active:
        raise AuthenticationError(WRONG)
    if user.locked_until is not None and user.locked_until > now:
        raise AuthenticationError(
            "This account is locked until {time} after too many wrong passwords.",
            time=locked_until_words(user, now),
        )
    return user


def locked_until_words(user: User, now: dt.datetime) -> str:
    """When the lockout ends, on the office's clock: the day too when it is not today's (a
    lockout of hours may end tomorrow)."""
    assert user.locked_until is not None
    zone = _office_zone(user)
    until = user.locked_until.astimezone(zone)
    return until.strftime(
        "%H:%M" if until.date() == now.astimezone(zone).date() else "%Y-%m-%d %H:%M"
    )


def login(session: Session, username: str, password: str) -> User:
    """Check a password; count failures and lock the account after too many."""
    now = utcnow()
    return _logged_in(session, _password_right(session, username, password, now), password, now)


def _password_right(session: Session, username: str, password: str, now: dt.datetime) -> User:
    """The account, if it may log in at `now` and `password` is its own; a wrong one is counted
    (and locks the account after too many)."""
    user = may_log_in(user_named(session, username), now)
    if not verify_password(user.password_hash, password):
        count_wrong_password(session, user, now)
        if user.locked_until is not None and user.locked_until > now:  # locked by this one
            raise AuthenticationError(  # said now, not first at the next try (found by QA)
                LOCKED_NOW, time=locked_until_words(user, now)
            )
        raise AuthenticationError(WRONG)
    return user


def count_wrong_password(session: Session, user: User, now: dt.datetime) -> None:
    """Count a wrong password (at login or as the current one when changing it) and lock the
    account after the office's number in a row. The caller commits even though it then refuses
    (`authenticate`, app.accounts.change_own_password)."""
    user.failed_logins += 1
    attempts, minutes = _lockout_policy(session)
    if user.failed_logins >= attempts:
        user.locked_until = now + dt.timedelta(minutes=minutes)
        user.failed_logins = 0
        audit.record(session, user, "user.locked", "user", user.id)
    session.flush()


def _logged_in(session: Session, user: User, password: str, now: dt.datetime) -> User:
    """After a right password: rehash an old hash, clear the failures, audit the login."""
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record(session, user, "user.login", "user", user.id)
    return user


def log_out(sessions: sessionmaker[Session], user_id: int) -> None:
    """Audit the end of a user's session: their window closed, or they logged out of the box
    asking them to choose their own password (a login that led nowhere reads as such)."""
    with write_locked(sessions) as session:
        user = session.get(User, user_id)
        if user is not None:
            audit.record(session, user, "user.logout", "user", user.id)
            session.commit()


def write_locked(sessions: sessionmaker[Session]) -> Session:
    """A session that takes the database's write lock when it begins (see `authenticate`)."""
    bind = sessions.kw.get("bind")
    return sessions(bind=bind.execution_options(write_lock=True) if bind is not None else None)


def authenticate(sessions: sessionmaker[Session], username: str, password: str) -> User:
    """Log in within its own transaction, so a failed attempt is counted even though it raises.

    Login writes (failure count, last login), so it takes the write lock before reading: a read
    snapshot cannot be upgraded while another workstation holds the lock.
    """
    with write_locked(sessions) as session:
        try:
            user = login(session, username, password)
        except AuthenticationError:
            session.commit()
            raise
        session.commit()
        return user


def check_password(sessions: sessionmaker[Session], username: str, password: str) -> User:
    """Check someone's password without logging them in (a supervisor's override typed at an
    agent's desk, the CLI before it logs a user in): a wrong one is counted and locks the account
    as at login, a right one clears the count; no login is audited and the last login stays.
    Its own write-locked transaction, as `authenticate`."""
    with write_locked(sessions) as session:
        now = utcnow()
        try:
            user = _password_right(session, username, password, now)
        except AuthenticationError:
            session.commit()
            raise
        if hasher().check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        session.commit()
        return user


def reauthenticate(sessions: sessionmaker[Session], username: str, password: str) -> User:
    """`authenticate` for a user already logged in (the idle lock), whose name is shown and not
    typed: a wrong password is said as such, not "wrong user name or password", the lockout it
    brings too. The right password of an account deactivated meanwhile raises
    AccountDeactivated (a wrong one is only wrong: nothing said to whoever does not know it)."""
    try:
        return authenticate(sessions, username, password)
    except AuthenticationError as error:
        if error.msgid == LOCKED_NOW:
            raise AuthenticationError(LOCKED_NOW_LOCK, **error.params) from None
        if error.msgid != WRONG:
            raise
        with sessions() as session:
            found = user_named(session, username)
            if found is not None and not found.active:
                if verify_password(found.password_hash, password):
                    raise AccountDeactivated(
                        "An admin deactivated the account {user}.", user=found.username
                    ) from None
            elif found is None:
                raise
        raise AuthenticationError("Wrong password.") from None


def record_login(
    sessions: sessionmaker[Session], user_id: int, password: str, at: dt.datetime
) -> User:
    """Record a login whose password was checked at `at`: by the start's first screen
    (app/first_screen.py) or by `check_password` (the CLI, app/cli/common.py), as `authenticate`
    records its own: one transaction, audited.

    The account is looked at again, so one deactivated or locked in the moment between is
    refused after all.
    """
    with write_locked(sessions) as session:
        user = may_log_in(session.get(User, user_id), at)
        _logged_in(session, user, password, at)
        session.commit()
        return user


def check_display_name(display_name: str | None, username: str) -> str:
    """The name shown for an account as stored (trimmed; the user name when none is given), or
    why it cannot be one."""
    shown = (display_name or "").strip() or username.strip()
    if len(shown) > MAX_DISPLAY_NAME:
        raise ValidationError(
            "The display name is too long (at most {count} characters).", count=MAX_DISPLAY_NAME
        )
    return shown


def check_username(username: str) -> str:
    """The user name as stored (NFKC, trimmed: app/user_names.py), or why it cannot be one."""
    username = login_name(username)
    if not username or len(username) > MAX_USERNAME or any(c.isspace() for c in username):
        raise ValidationError(
            "A user name is 1–{count} characters without spaces.", count=MAX_USERNAME
        )
    return username


def check_name_free(session: Session, username: str, own_id: int | None = None) -> None:
    """Refuse a user name another account has, or one that differs from another's only in
    letter case (qa1 and QA1 look alike in every list); `own_id` is the account being renamed.

    Read in Python, not SQL: SQLite's lower() folds ASCII only (É and é would pass)."""
    folded = same_name(username)
    alike = {
        existing: active
        for uid, existing, active in session.execute(select(User.id, User.username, User.active))
        if uid != own_id and same_name(existing) == folded
    }
    same = [name for name in alike if login_name(name) == login_name(username)]
    if same:  # the same name, or one stored with full-width letters (ａｇｅｎｔ０１)
        username = same[0]
        if not alike[username]:
            raise ValidationError(
                "The user name {name} belongs to an inactive account; activate it instead.",
                name=username,
            )
        raise ValidationError("The user name {name} is taken.", name=username)
    if alike:
        raise ValidationError(
            "The user name {name} differs from the account {existing} only in letter case; "
            "choose another.",
            name=username,
            existing=min(alike),
        )


def add_user(
    session: Session,
    actor: User | None,
    username: str,
    role: Role | str,
    password: str,
    display_name: str | None = None,
    *,
    must_change_password: bool = False,
) -> User:
    """Create an account. `actor` None only while creating the office's first admin.

    The password is not held to the rule here (the demo's accounts share a simple one): a password
    a person chose is checked first, by app.accounts.add_account or the setup of a new office.
    `must_change_password`: someone else chose it (app.accounts.add_account), so its owner must
    choose their own at their first login.
    """
    if actor is not None:
        require(actor, Permission.MANAGE_USERS)
    role = parse_role(role) if isinstance(role, str) else role
    username = check_username(username)
    display_name = check_display_name(display_name, username)
    check_name_free(session, username)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, actor, "user.add", "user", user.id, {"username": username, "role": role.value}
    )
    return user
