"""Append audit entries in the writing transaction; each entry's HMAC chains to the previous.

The HMAC key is derived from the database key and carried on the session (db.engine.audit_key),
so an entry altered or removed with raw SQL breaks the chain, and only the key's holder could
forge a new one. The database refuses UPDATE and DELETE on the table (migration 0003).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, User
from app.models.base import utcnow

GENESIS = "0" * 64


def _digest(key: bytes, prev_hash: str, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(key, (prev_hash + payload).encode("utf-8"), hashlib.sha256).hexdigest()


def _key(session: Session) -> bytes:
    key = session.info.get("audit_key")
    if not isinstance(key, bytes):
        raise RuntimeError("this session carries no audit key: open it from db.store.Database")
    return key


def _body(
    at: Any,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: str,
    changes: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": at.isoformat(),
        "user_id": user_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "changes": changes,
    }


def record(
    session: Session,
    user: User | None,
    action: str,
    entity: str,
    entity_id: object = "",
    changes: dict[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry (who, when, what, to which record, the changed fields); `at` is now
    except for the demo office's history (app/demo/history.py), written when it is built."""
    entry = AuditEntry(
        **_chained(_key(session), _last_hash(session), user, action, entity, entity_id, changes, at)
    )
    session.add(entry)
    session.flush()
    return entry


# One entry for record_many: who, action, entity, entity id, changes, when (None: now).
Pending = tuple[User | None, str, str, object, dict[str, Any] | None, dt.datetime | None]


def record_many(session: Session, entries: Iterable[Pending]) -> int:
    """Append entries in the order given, chained as `record` chains them one by one, in one
    INSERT (the demo build writes its office's history this way); returns how many."""
    key, prev_hash = _key(session), _last_hash(session)
    rows = []
    for user, action, entity, entity_id, changes, at in entries:
        rows.append(_chained(key, prev_hash, user, action, entity, entity_id, changes, at))
        prev_hash = rows[-1]["hash"]
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)


def _last_hash(session: Session) -> str:
    """The newest entry's hash, the next one's link; the write lock is taken first."""
    # On a server, two transactions could read the same last hash and fork the chain: serialise
    # appends (PostgreSQL advisory lock until commit; SQLite's single writer already does).
    from db.pg import lock_for_write

    lock_for_write(session)
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return prev or GENESIS


def _chained(
    key: bytes,
    prev_hash: str,
    user: User | None,
    action: str,
    entity: str,
    entity_id: object,
    changes: dict[str, Any] | None,
    at: dt.datetime | None,
) -> dict[str, Any]:
    """An entry's column values, its HMAC chained to `prev_hash`."""
    at = at or utcnow()
    # Store exactly what is hashed: JSON-safe values (dates become text) survive a round trip.
    stored = None if changes is None else json.loads(json.dumps(changes, default=str))
    user_id = user.id if user else None
    body = _body(at, user_id, action, entity, str(entity_id), stored)
    return {
        "at": at,
        "user_id": user_id,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "changes": stored,
        "prev_hash": prev_hash,
        "hash": _digest(key, prev_hash, body),
    }


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    first_broken: int | None  # the id of the first entry whose link or content does not match
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def key_matches(connection: Connection, key: bytes, sample: int = 20) -> bool | None:
    """Whether `key` chained any of the trail's last `sample` entries; None when it has none.

    A wrong key is otherwise noticed only by `verify_chain`, after it has chained new entries
    that then read as altered. One entry chained by the key is enough: the newest few could
    have been altered, which `verify_chain` names."""
    t = AuditEntry.__table__
    rows = connection.execute(
        select(
            t.c.at,
            t.c.user_id,
            t.c.action,
            t.c.entity,
            t.c.entity_id,
            t.c.changes,
            t.c.prev_hash,
            t.c.hash,
        )
        .order_by(t.c.id.desc())
        .limit(sample)
    ).all()
    if not rows:
        return None
    return any(
        hmac.compare_digest(_digest(key, row.prev_hash, _body(*row[:6])), row.hash) for row in rows
    )


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every entry's HMAC in order; name the first entry that was altered or whose
    predecessor is missing."""
    key = _key(session)
    prev_hash = GENESIS
    checked = 0
    rows = session.execute(
        select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    ).scalars()
    for entry in rows:
        checked += 1
        if entry.prev_hash != prev_hash:
            return ChainCheck(checked, entry.id, "link")
        body = _body(
            entry.at, entry.user_id, entry.action, entry.entity, entry.entity_id, entry.changes
        )
        if not hmac.compare_digest(_digest(key, prev_hash, body), entry.hash):
            return ChainCheck(checked, entry.id, "content")
        prev_hash = entry.hash
    return ChainCheck(checked, None)


# The audit trail as exported (app.export.export_audit_trail): every column as stored (a borrower's
# personal data sealed, as the hash covers them: app/audit_seal.py), the user
# by name, then the action, the record and the changes in the reader's words, as the Audit page
# says them. The headers are column names, not msgids: the same in every language.
TRAIL_COLUMNS = (
    "id", "at_utc", "user", "action", "entity", "entity_id", "changes", "prev_hash", "hash",
    "action_words", "record_words", "changes_words",
)  # fmt: skip


def trail_rows(
    session: Session, since: dt.datetime, until: dt.datetime, lang: str | None = None
) -> Iterator[list[str | int]]:
    """The entries written in [since, until), oldest first, as TRAIL_COLUMNS: the time in ISO
    8601 with its UTC offset, the user by name, the changes as their JSON; the words in `lang`
    (the user's language when None)."""
    from app.queries.audit_log import audit_rows

    names = dict(session.execute(select(User.id, User.username)).all())
    ids = session.scalars(
        select(AuditEntry.id)
        .where(AuditEntry.at >= since, AuditEntry.at < until)
        .order_by(AuditEntry.id)
    ).all()
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.id.in_(chunk)).order_by(AuditEntry.id)
        ).all()
        read = audit_rows(session, chunk, lang)
        for e in entries:
            words = read[e.id]
            changes = json.dumps(e.changes, ensure_ascii=False, sort_keys=True)
            yield [
                e.id,
                e.at.isoformat(),
                "" if e.user_id is None else names.get(e.user_id, ""),
                e.action,
                e.entity,
                e.entity_id,
                "" if e.changes is None else changes,
                e.prev_hash,
                e.hash,
                words.action_words(lang),
                words.affected(lang),
                words.words_line(lang),
            ]
