"""What the queue stores per case, read back for comparing a case recomputed alone with the same
case in a whole-office rebuild (tests/core/test_rebuild_alone_equals_whole.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Case, CaseStatus

# Every column the rebuild writes, and what closing a case writes besides.
FIELDS = (
    "status",
    "dpd",
    "bucket",
    "amount_overdue",
    "score",
    "score_breakdown",
    "next_action_on",
    "paused",
    "last_contact_at",
    "computed_as_of",
    "close_reason",
    "closed_on",
)

Snapshot = dict[int, dict[str, Any]]


def snapshot(session: Session) -> Snapshot:
    """Every case's computed fields, read afresh (the rebuild writes past the identity map)."""
    session.flush()
    session.expire_all()
    rows = session.scalars(select(Case).order_by(Case.id))
    return {c.id: {name: _plain(getattr(c, name)) for name in FIELDS} for c in rows}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:  # as on SQLite: naive UTC
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def differences(expected: Snapshot, got: Snapshot, case_nos: dict[int, str]) -> list[str]:
    """Each case and field where `got` says otherwise than `expected`, readable."""
    found = []
    for cid in sorted(set(expected) | set(got)):
        a, b = expected.get(cid), got.get(cid)
        if a is None or b is None:
            found.append(f"{case_nos.get(cid, cid)}: only in {'got' if a is None else 'expected'}")
            continue
        for name in FIELDS:
            if a[name] != b[name]:
                found.append(f"{case_nos.get(cid, cid)} {name}: {a[name]!r} -> {b[name]!r}")
    return found


def case_numbers(session: Session) -> dict[int, str]:
    return {cid: no for cid, no in session.execute(select(Case.id, Case.case_no))}


def scramble(session: Session, case_id: int) -> None:
    """Wipe a case's figures (not its status, which the rebuild reads), so that recomputing it
    alone must write every one of them back."""
    session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status != CaseStatus.CLOSED)
        .values(
            dpd=9999,
            bucket="?",
            amount_overdue=1,
            score=9999,
            score_breakdown=None,
            next_action_on=None,
            paused=True,
            last_contact_at=None,
            computed_as_of=None,
        )
        .execution_options(synchronize_session=False)
    )
