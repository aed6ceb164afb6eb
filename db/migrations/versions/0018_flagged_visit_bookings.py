"""Visit bookings and moves the rules flagged join the compliance log and report: a table of the
ones saved with a warning or an override (until now only in the audit trail), and what a blocked
attempt was when it was not a contact (a visit booking or a move).

Existing data: the flagged bookings and moves are copied from their audit entries (rule ids only:
the entries keep no reasons), and a visit's blocks are named a booking or a move from the trail (a
move when the visit had been booked before). A block the trail does not name keeps none.

Revision ID: 0018_flagged_visit_bookings
Revises: 0017_visit_quiet_hours_agreed
"""

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018_flagged_visit_bookings"
down_revision = "0017_visit_quiet_hours_agreed"
branch_labels = None
depends_on = None

ACTIONS = {"visit.book": "visit_book", "visit.reschedule": "visit_reschedule"}
MATCH = dt.timedelta(seconds=60)  # a block and its audit entry are written in one transaction


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None)


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        found = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def upgrade() -> None:
    table = op.create_table(
        "flagged_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=True),
        sa.Column("ruleset_version_id", sa.Integer(), nullable=True),
        sa.Column("override_by_id", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_flagged_booking_case_id_case")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_flagged_booking_visit_id_visit")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["user.id"], name=op.f("fk_flagged_booking_agent_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["override_by_id"], ["user.id"], name=op.f("fk_flagged_booking_override_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["ruleset_version_id"],
            ["ruleset_version.id"],
            name=op.f("fk_flagged_booking_ruleset_version_id_ruleset_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flagged_booking")),
    )
    op.create_index("ix_flagged_booking_at", "flagged_booking", ["at"])
    op.create_index(op.f("ix_flagged_booking_case_id"), "flagged_booking", ["case_id"])
    op.create_index(op.f("ix_flagged_booking_visit_id"), "flagged_booking", ["visit_id"])
    # A plain ADD COLUMN (nullable, no default), as 0016: no batch copy of the table.
    op.add_column("blocked_attempt", sa.Column("action", sa.String(length=20), nullable=True))
    _copy_from_the_trail(table)


def _copy_from_the_trail(table: sa.Table) -> None:
    db = op.get_bind()
    visits = {
        no: (visit_id, case_id)
        for visit_id, no, case_id in db.execute(sa.text("SELECT id, visit_no, case_id FROM visit"))
    }
    users = {name: uid for uid, name in db.execute(sa.text('SELECT id, username FROM "user"'))}
    versions = {
        f"{(j or '').upper()} {v}": vid
        for vid, j, v in db.execute(
            sa.text("SELECT id, jurisdiction, version FROM ruleset_version")
        )
    }
    entries = db.execute(
        sa.text(
            "SELECT action, entity_id, user_id, at, changes FROM audit_entry "
            "WHERE action IN ('visit.book', 'visit.reschedule', 'visit.blocked') ORDER BY id"
        )
    ).all()
    booked: dict[str, dt.datetime] = {}  # each visit's first booking
    flagged, blocks = [], []
    for action, visit_no, user_id, at, changes in entries:
        at, details = _time(at), _json(changes)
        if action == "visit.blocked":
            move = visit_no in booked and booked[visit_no] < at
            blocks.append((visit_no, at, "visit_reschedule" if move else "visit_book"))
            continue
        if action == "visit.book":
            booked.setdefault(visit_no, at)
        verdict = details.get("verdict")
        if verdict not in ("warning", "needs_override") or visit_no not in visits:
            continue
        visit_id, case_id = visits[visit_no]
        rules = details.get("rules") or []
        flagged.append(
            {
                "case_id": case_id,
                "visit_id": visit_id,
                "agent_id": user_id,
                "action": ACTIONS[action],
                "at": at,
                "verdict": verdict,
                "findings": [{"rule": str(r), "severity": verdict} for r in rules],
                "ruleset_version_id": versions.get(str(details.get("ruleset") or "")),
                "override_by_id": users.get(str(details.get("override_by") or "")),
                "override_reason": details.get("override_reason") or None,
            }
        )
    flagged = [row for row in flagged if row["agent_id"] is not None]
    if flagged:
        op.bulk_insert(table, flagged)
    _name_blocks(db, visits, blocks)


def _name_blocks(
    db: sa.Connection,
    visits: dict[str, tuple[int, int]],
    blocks: list[tuple[str, dt.datetime, str]],
) -> None:
    """Each visit block of the trail names the blocked attempt of its case nearest in time."""
    if not blocks:
        return
    rows: dict[int, list[tuple[int, dt.datetime]]] = {}
    for ba_id, case_id, at in db.execute(
        sa.text("SELECT id, case_id, at FROM blocked_attempt WHERE channel = 'VISIT'")
    ):
        rows.setdefault(case_id, []).append((ba_id, _time(at)))
    named: dict[int, str] = {}
    for visit_no, at, action in blocks:
        if visit_no not in visits:
            continue
        near = [
            (abs(ba_at - at), ba_id)
            for ba_id, ba_at in rows.get(visits[visit_no][1], [])
            if ba_id not in named and abs(ba_at - at) <= MATCH
        ]
        if near:
            named[min(near)[1]] = action
    for ba_id, action in named.items():
        db.execute(
            sa.text("UPDATE blocked_attempt SET action = :action WHERE id = :id"),
            {"action": action, "id": ba_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("blocked_attempt") as batch:
        batch.drop_column("action")
    op.drop_index(op.f("ix_flagged_booking_visit_id"), table_name="flagged_booking")
    op.drop_index(op.f("ix_flagged_booking_case_id"), table_name="flagged_booking")
    op.drop_index("ix_flagged_booking_at", table_name="flagged_booking")
    op.drop_table("flagged_booking")
