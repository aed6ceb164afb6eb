"""Migration 0019 on SQLite and PostgreSQL: the flags and visit blocks stored before it take
their slot from their audit entries (a booking's start and end, a move's new ones, a block's
start and, when its entry kept it, its end); one the trail does not date keeps none, and the
log says "not recorded". Built by the code at head, taken back to 0018 (dropping the slots),
then upgraded again."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from app.models import User
from app.queries.compliance_log import BOOKING, log_rows
from app.queries.compliance_rows import slot_words
from db.migrate import _config, current_revision, head_revision, upgrade
from tests.core.flag_slots import SLOTS, build_flag_slots, chosen
from tests.core.visit_office import SHANGHAI, login

BEFORE = "0018_flagged_visit_bookings"


def _down(database) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    with database.engine.begin() as conn:
        command.downgrade(_config(conn), BEFORE)
    assert current_revision(database.engine) == BEFORE


def _slots(database, table: str) -> list[tuple[str, object, object]]:  # type: ignore[no-untyped-def]
    with database.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT action, slot_start, slot_end FROM {table} ORDER BY id"))
        return [(a, _naive(s), _naive(e)) for a, s, e in rows]


def _naive(value: object) -> dt.datetime | None:
    if value is None:
        return None
    found = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return found.replace(tzinfo=None)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def test_0019_dates_the_flags_and_blocks_from_the_trail(db) -> None:
    build_flag_slots(db)
    _down(db)
    with db.engine.begin() as conn:
        visit_id, case_id, agent_id = conn.execute(
            text("SELECT id, case_id, booked_by_id FROM visit ORDER BY id")
        ).first()
        # A flag the trail does not date (nothing in the trail near its time) …
        conn.execute(
            text(
                "INSERT INTO flagged_booking (case_id, visit_id, agent_id, action, at, verdict, "
                "findings) VALUES (:c, :v, :a, 'visit_book', :at, 'warning', :f)"
            ),
            {"c": case_id, "v": visit_id, "a": agent_id, "at": dt.datetime(2020, 1, 2, 3),
             "f": json.dumps([{"rule": "visit_consent", "severity": "warning"}])},
        )  # fmt: skip
        # … and a block whose entry kept its start alone (as blocks' entries did before 0019).
        no = conn.execute(text("SELECT visit_no FROM visit WHERE id = :v"), {"v": visit_id})
        at = dt.datetime(2021, 5, 6, 7, 8, 9)
        start = dt.datetime(2021, 5, 20, 2, 0, tzinfo=dt.UTC)
        conn.execute(
            text(
                "INSERT INTO blocked_attempt (case_id, agent_id, channel, party, action, at, "
                "created_at) VALUES (:c, :a, 'VISIT', 'BORROWER', NULL, :at, :at)"
            ),
            {"c": case_id, "a": agent_id, "at": at},
        )
        conn.execute(
            text(
                "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, changes, "
                "prev_hash, hash) VALUES (:at, :u, 'visit.blocked', 'visit', :no, :ch, '', '')"
            ),
            {"at": at + dt.timedelta(seconds=1), "u": agent_id, "no": no.scalar_one(),
             "ch": json.dumps({"start": start.isoformat(), "rules": ["visit_staffing"]})},
        )  # fmt: skip
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    for table in ("flagged_booking", "blocked_attempt"):
        expected = [
            (action, *map(_utc, chosen(*hour)))
            for (where, action), hours in SLOTS.items()
            if where == table
            for hour in hours
        ]
        found = _slots(db, table)
        if table == "flagged_booking":
            expected.append(("visit_book", None, None))
        else:
            expected.append((None, _naive(start), None))
        assert sorted(found, key=str) == sorted(expected, key=str), table
    boss = login(db, "supervisor")
    with db.session() as s:
        user = s.get(User, boss.id)
        keys = [(BOOKING, i) for i in s.scalars(text("SELECT id FROM flagged_booking"))]
        words = sorted(slot_words(r, SHANGHAI, "en") for r in log_rows(s, keys).values())
    assert user is not None and words[-1] == "not recorded (saved before this version)"
