"""Append audit entries in the writing transaction; each entry's hash chains to the previous."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, User
from app.models.base import utcnow

GENESIS = "0" * 64


def _digest(prev_hash: str, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def record(
    session: Session,
    user: User | None,
    action: str,
    entity: str,
    entity_id: object = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry (who, when, what, to which record, the changed fields)."""
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = prev or GENESIS
    at = utcnow()
    body = {
        "at": at.isoformat(),
        "user_id": user.id if user else None,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "changes": changes,
    }
    entry = AuditEntry(
        at=at,
        user_id=body["user_id"],
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        changes=changes,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, body),
    )
    session.add(entry)
    session.flush()
    return entry
