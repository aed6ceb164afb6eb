"""Stale saves: a record changed by someone else since you read it is refused, naming who and when.

Versioned rows (Case, Borrower, Complaint, Visit, Agreement, User) carry a `version` column that
SQLAlchemy checks on every UPDATE. When it moved, the flush raises StaleDataError; `saving` turns
that into a StaleEdit that names the newest audit entry's author and time. A use case that gets
the version its caller read (`expected_version`) refuses with `stale` before writing anything.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import CasedeskError
from app.i18n import tr
from app.models import AuditEntry, Office, User

SOMEONE = "someone"
UNKNOWN_TIME = "an unknown time"

# The audit trail's entity name for each label a use case passes.
AUDIT_ENTITY = {
    "Case": "case",
    "Borrower": "borrower",
    "Complaint": "complaint",
    "Visit": "visit",
    "Agreement": "agreement",
    "User": "user",
}


class StaleEdit(CasedeskError):
    """Someone else saved this record after you read it; nothing of yours was saved."""

    def __init__(self, entity: str, number: str, user: str, time: str) -> None:
        super().__init__(
            "{entity} {number} was changed by {user} at {time} — reload it and try again.",
            entity=entity,
            number=number,
            user=user,
            time=time,
        )

    def translated(self, lang: str | None = None) -> str:
        # The entity label and the fallbacks are msgids themselves.
        params: dict[str, Any] = dict(self.params)
        params["entity"] = tr(params["entity"], lang=lang)
        if params["user"] == SOMEONE:
            params["user"] = tr(SOMEONE, lang=lang)
        if params["time"] == UNKNOWN_TIME:
            params["time"] = tr(UNKNOWN_TIME, lang=lang)
        return tr(self.msgid, lang=lang, **params)


def last_change(
    session: Session,
    entity: str,
    entity_id: object,
    action: str | Collection[str] | None = None,
) -> tuple[str, str]:
    """(who, when) of the newest audit entry about a record (of `action`, or one of them, when
    given: a user's own logins move their row too), read on a connection of its own (the session
    may be mid-failure); ("someone", "an unknown time") when there is none."""
    query = (
        select(
            User.username,
            AuditEntry.at,
            select(Office.timezone).order_by(Office.id).limit(1).scalar_subquery(),
        )
        .select_from(AuditEntry)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if isinstance(action, str):
        query = query.where(AuditEntry.action == action)
    elif action is not None:
        query = query.where(AuditEntry.action.in_(tuple(action)))
    bind = session.get_bind()
    if isinstance(bind, Engine):
        bind = bind.execution_options(write_lock=False)  # a plain read never waits for the lock
        with bind.connect() as conn:
            row = conn.execute(query).first()
    else:
        row = session.execute(query).first()
    if row is None:
        return SOMEONE, UNKNOWN_TIME
    who, at, zone = row
    if at is None:
        return who or SOMEONE, UNKNOWN_TIME
    # On the office's clock, as every stored time is shown (not this computer's zone).
    when = at.astimezone(zoneinfo.ZoneInfo(zone or "Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    return who or SOMEONE, when


def stale(
    session: Session,
    entity_label: str,
    number: object,
    *,
    audit_id: object | None = None,
    action: str | Collection[str] | None = None,
) -> StaleEdit:
    """The StaleEdit for a record, naming its last change (`audit_id`: the audit's entity_id
    when it differs from the number shown, as for users; `action`: the change that matters)."""
    entity = AUDIT_ENTITY.get(entity_label, entity_label.lower())
    who, when = last_change(session, entity, number if audit_id is None else audit_id, action)
    return StaleEdit(entity_label, str(number), who, when)


@contextmanager
def saving(
    session: Session, entity_label: str, number: object, *, audit_id: object | None = None
) -> Iterator[None]:
    """Run the block and flush it; a version conflict rolls the session back and raises
    StaleEdit naming who changed the record and when."""
    try:
        yield
        session.flush()
    except StaleDataError:
        session.rollback()
        raise stale(session, entity_label, number, audit_id=audit_id) from None


def commit_or_explain(
    session: Session, entity_label: str, number: object, *, audit_id: object | None = None
) -> None:
    """Commit the session; a version conflict becomes StaleEdit (for callers that commit)."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise stale(session, entity_label, number, audit_id=audit_id) from None
