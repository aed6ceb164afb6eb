"""Accounts: argon2id password hashes, login, roles, and the permission check of every use case."""

from __future__ import annotations

import datetime as dt
import enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import audit
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.models import Role, User
from app.models.base import utcnow


def _lockout_policy(session: Session) -> tuple[int, int]:
    """(wrong passwords in a row, minutes locked) from the office settings."""
    from app import settings  # settings use this module's permissions

    return (
        int(settings.get(session, "security.max_failed_logins")),
        int(settings.get(session, "security.lockout_minutes")),
    )


# argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms a check
# on an office PC, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 0.2-0.3 s of every
# login. Each hash carries its own parameters: an older hash still verifies, and is rehashed with
# these at its next login (`login`).
HASH_TIME_COST = 2
HASH_MEMORY_KIB = 19456
HASH_LANES = 1


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=HASH_TIME_COST, memory_cost=HASH_MEMORY_KIB, parallelism=HASH_LANES
    )


def hash_password(password: str) -> str:
    if len(password) < 4:
        raise ValidationError("A password needs at least 4 characters.")
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Permission(enum.StrEnum):
    VIEW_ALL_CASES = "view_all_cases"
    VIEW_BORROWERS = "view_borrowers"
    MANAGE_USERS = "manage_users"
    VIEW_TRAINING = "view_training"
    EDIT_TRAINING = "edit_training"
    PRINT_TRAINING_ROSTER = "print_training_roster"
    EDIT_SETTINGS = "edit_settings"
    ASSIGN_CASES = "assign_cases"
    POST_PAYMENTS = "post_payments"
    REBUILD_QUEUE = "rebuild_queue"
    EDIT_RULESET = "edit_ruleset"
    RECORD_COMPLAINTS = "record_complaints"
    HANDLE_COMPLAINTS = "handle_complaints"
    RECORD_CONTACTS = "record_contacts"
    OVERRIDE_RULES = "override_rules"
    VIEW_AUDIT = "view_audit"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    EXPORT_AUDIT = "export_audit"
    EDIT_BORROWERS = "edit_borrowers"
    BOOK_VISITS = "book_visits"
    APPROVE_VISITS = "approve_visits"
    RESOLVE_VISIT_ALERTS = "resolve_visit_alerts"
    MANAGE_BACKUPS = "manage_backups"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    PRINT_REPORTS = "print_reports"
    DRAFT_AGREEMENTS = "draft_agreements"
    APPROVE_AGREEMENTS = "approve_agreements"
    IMPORT_DATA = "import_data"


# Which role may do what. Later use cases add their rows here; the UI reads the same table.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    # Repayment agreements: anyone working a case drafts, issues (waiver within the office's
    # threshold) and records the signature; a bigger waiver or cancelling signed terms needs a
    # supervisor or admin.
    Permission.DRAFT_AGREEMENTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.APPROVE_AGREEMENTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_ALL_CASES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_BORROWERS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.VIEW_TRAINING: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.EDIT_TRAINING: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.PRINT_TRAINING_ROSTER: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.EDIT_SETTINGS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.ASSIGN_CASES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.POST_PAYMENTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # Office-wide: one person's rebuild changes every agent's queue.
    Permission.REBUILD_QUEUE: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # The compliance rule set in force (pick the jurisdiction, edit parameters): admin only.
    Permission.EDIT_RULESET: frozenset({Role.ADMIN}),
    Permission.RECORD_COMPLAINTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # Assigning, resolving and lifting a pause: never the agent a complaint may be about.
    Permission.HANDLE_COMPLAINTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RECORD_CONTACTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.OVERRIDE_RULES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_AUDIT: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.REVEAL_PERSONAL_DATA: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.EXPORT_AUDIT: frozenset({Role.ADMIN}),
    # A borrower's stop flags (do not visit, has a lawyer …) change what every agent may do.
    Permission.EDIT_BORROWERS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Home visits: agents request, verify, book and record them; a supervisor approves the ones
    # that need it and clears the alert when a visit runs past its end without a check-out.
    Permission.BOOK_VISITS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.APPROVE_VISITS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RESOLVE_VISIT_ALERTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Backups: make one now, restore one, choose the folder and schedule (a restore replaces
    # everyone's data).
    Permission.MANAGE_BACKUPS: frozenset({Role.ADMIN}),
    # Lists exported with full ID numbers, phones and addresses: a file leaves the encrypted
    # database, so only the admin; everyone else exports them masked.
    Permission.EXPORT_PERSONAL_DATA: frozenset({Role.ADMIN}),
    # The compliance and portfolio reports: the whole office's figures, so supervisors and admins.
    Permission.PRINT_REPORTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Importing the loan book (borrowers, loans, payments, training) writes thousands of rows at
    # once: the admin only.
    Permission.IMPORT_DATA: frozenset({Role.ADMIN}),
}


def can(user: User, permission: Permission) -> bool:
    return user.active and user.role in PERMISSIONS[permission]


def require(user: User, permission: Permission) -> None:
    if not can(user, permission):
        raise PermissionDenied(
            "{user} ({role}) may not do this: {permission}.",
            user=user.username,
            role=user.role.value,
            permission=permission.value,
        )


def parse_role(name: str) -> Role:
    try:
        return Role(name.strip().lower())
    except ValueError:
        raise ValidationError(
            "Unknown role {role}; choose one of: {choices}.",
            role=name,
            choices=", ".join(r.value for r in Role),
        ) from None


def login(session: Session, username: str, password: str) -> User:
    """Check a password; count failures and lock the account after too many."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    now = utcnow()
    if user is None or not user.active:
        raise AuthenticationError("Wrong user name or password.")
    if user.locked_until is not None and user.locked_until > now:
        raise AuthenticationError(
            "This account is locked until {time} after too many wrong passwords.",
            time=user.locked_until.astimezone().strftime("%H:%M"),
        )
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        attempts, minutes = _lockout_policy(session)
        if user.failed_logins >= attempts:
            user.locked_until = now + dt.timedelta(minutes=minutes)
            user.failed_logins = 0
            audit.record(session, user, "user.locked", "user", user.id)
        session.flush()
        raise AuthenticationError("Wrong user name or password.")
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record(session, user, "user.login", "user", user.id)
    return user


def authenticate(sessions: sessionmaker[Session], username: str, password: str) -> User:
    """Log in within its own transaction, so a failed attempt is counted even though it raises.

    Login writes (failure count, last login), so it takes the write lock before reading: a read
    snapshot cannot be upgraded while another workstation holds the lock.
    """
    bind = sessions.kw.get("bind")
    locked = bind.execution_options(write_lock=True) if bind is not None else None
    with sessions(bind=locked) as session:
        try:
            user = login(session, username, password)
        except AuthenticationError:
            session.commit()
            raise
        session.commit()
        return user


def add_user(
    session: Session,
    actor: User | None,
    username: str,
    role: Role | str,
    password: str,
    display_name: str | None = None,
) -> User:
    """Create an account. `actor` None only while creating the office's first admin."""
    if actor is not None:
        require(actor, Permission.MANAGE_USERS)
    role = parse_role(role) if isinstance(role, str) else role
    username = username.strip()
    if not username or len(username) > 60 or any(c.isspace() for c in username):
        raise ValidationError("A user name is 1–60 characters without spaces.")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError("The user name {name} is taken.", name=username)
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session, actor, "user.add", "user", user.id, {"username": username, "role": role.value}
    )
    return user
