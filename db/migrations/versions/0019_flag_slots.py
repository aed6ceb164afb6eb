"""A flagged visit booking or move keeps the slot it chose, and a refused one the slot it asked
for: until now the log showed the visit's time as it is now (a later move changed an earlier
booking's row) and a refusal no time at all.

Existing data: each flag and each visit block takes the slot from its audit entry (the booking's
start and end, a move's new ones, a block's start; a block's end was not kept), matched by visit,
kind and time as 0018 matched them. One the trail does not date keeps none ("not recorded").

Revision ID: 0019_flag_slots
Revises: 0018_flagged_visit_bookings
"""

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0019_flag_slots"
down_revision = "0018_flagged_visit_bookings"
branch_labels = None
depends_on = None

KINDS = {"visit.book": "visit_book", "visit.reschedule": "visit_reschedule"}
MATCH = dt.timedelta(seconds=60)  # a flag or block and its audit entry share one transaction
TABLES = ("flagged_booking", "blocked_attempt")


def _time(value: Any) -> dt.datetime | None:
    """A stored or written time as naive UTC (how the tables keep it); None when unreadable."""
    if value is None or value == "":
        return None
    try:
        found = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if found.tzinfo is not None:
        found = found.astimezone(dt.UTC)
    return found.replace(tzinfo=None)


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        found = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _chosen(details: dict[str, Any], key: str) -> dt.datetime | None:
    """A booking's start or end; a move's new one ({"old": …, "new": …})."""
    value = details.get(key)
    if isinstance(value, dict):
        value = value.get("new")
    return _time(value)


def upgrade() -> None:
    # Plain ADD COLUMNs (nullable, no default), as 0016: no batch copy of the tables.
    for table in TABLES:
        op.add_column(table, sa.Column("slot_start", sa.DateTime(), nullable=True))
        op.add_column(table, sa.Column("slot_end", sa.DateTime(), nullable=True))
    _fill_from_the_trail()


Slot = tuple[dt.datetime | None, dt.datetime | None]


def _fill_from_the_trail() -> None:
    db = op.get_bind()
    visits = {
        no: (visit_id, case_id)
        for visit_id, no, case_id in db.execute(sa.text("SELECT id, visit_no, case_id FROM visit"))
    }
    # (visit id, kind) → [(when, slot)] of the flags' entries; case id → [(when, kind, slot)] of
    # the blocks' entries.
    saved: dict[tuple[int, str], list[tuple[dt.datetime, Slot]]] = {}
    refused: dict[int, list[tuple[dt.datetime, str | None, Slot]]] = {}
    entries = db.execute(
        sa.text(
            "SELECT action, entity_id, at, changes FROM audit_entry "
            "WHERE action IN ('visit.book', 'visit.reschedule', 'visit.blocked') ORDER BY id"
        )
    )
    for action, visit_no, at, changes in entries:
        when, details = _time(at), _json(changes)
        if visit_no not in visits or when is None:
            continue
        visit_id, case_id = visits[visit_no]
        slot = (_chosen(details, "start"), _chosen(details, "end"))
        if slot[0] is None:
            continue
        if action == "visit.blocked":
            attempt = details.get("attempt")  # "visit_book" | "visit_reschedule", when written
            kind = attempt if attempt in KINDS.values() else None
            refused.setdefault(case_id, []).append((when, kind, slot))
        else:
            saved.setdefault((visit_id, KINDS[action]), []).append((when, slot))
    flagged: list[tuple[int, Slot]] = []
    for row_id, visit_id, kind, at in db.execute(
        sa.text("SELECT id, visit_id, action, at FROM flagged_booking ORDER BY id")
    ):
        if (dated := _nearest(saved.get((visit_id, kind), []), _time(at))) is not None:
            flagged.append((row_id, dated))
    blocked: list[tuple[int, Slot]] = []
    for row_id, case_id, kind, at in db.execute(
        sa.text(
            "SELECT id, case_id, action, at FROM blocked_attempt WHERE channel = 'VISIT' "
            "ORDER BY id"
        )
    ):
        found = [(w, s) for w, k, s in refused.get(case_id, []) if k is None or kind in (None, k)]
        if (dated := _nearest(found, _time(at))) is not None:
            blocked.append((row_id, dated))
    _write(db, "flagged_booking", flagged)
    _write(db, "blocked_attempt", blocked)


def _nearest(found: list[tuple[dt.datetime, Slot]], at: dt.datetime | None) -> Slot | None:
    """The slot of the entry nearest `at` within MATCH, taken (each entry dates one row)."""
    if at is None:
        return None
    near = [(abs(when - at), n) for n, (when, _slot) in enumerate(found) if abs(when - at) <= MATCH]
    if not near:
        return None
    return found.pop(min(near)[1])[1]


def _write(db: sa.Connection, name: str, rows: list[tuple[int, Slot]]) -> None:
    if not rows:
        return
    table = sa.table(
        name,
        sa.column("id", sa.Integer()),
        sa.column("slot_start", sa.DateTime()),
        sa.column("slot_end", sa.DateTime()),
    )
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(slot_start=sa.bindparam("start"), slot_end=sa.bindparam("end"))
    )
    db.execute(statement, [{"row_id": row_id, "start": s, "end": e} for row_id, (s, e) in rows])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("slot_end")
            batch.drop_column("slot_start")
