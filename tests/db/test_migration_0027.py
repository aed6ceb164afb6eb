"""Migration 0027: an office stored at 0026 upgrades with no assignment batch (an assignment made
before cannot be undone), its cases kept; an assignment made once upgraded records its batch,
which the core undoes; the way back drops both tables and keeps the cases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from app.cases.assign_undo import undo_assignment
from app.cases.assignment import unassign_cases
from app.models import User
from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migration_0025 import CASE
from tests.db.test_migrations import seeded_at

BEFORE = "0026_loan_no_lower"
TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def test_0027_adds_assignment_batches_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from app.auth import add_user
    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)
    with engine.begin() as conn:
        conn.execute(text(CASE))  # assigned to zhang (an agent)
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM assign_batch")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM assign_batch_case")).scalar() == 0
        with database.session() as s:
            zhang = s.scalar(select(User).where(User.username == "zhang"))
            boss = add_user(s, None, "boss", "supervisor", "pw-boss")
            unassign_cases(s, boss, ["C2024-000001"])
        with database.session() as s:
            boss = s.scalar(select(User).where(User.username == "boss"))
            batch = s.scalar(text("SELECT max(id) FROM assign_batch"))
            assert undo_assignment(s, boss, batch).restored == 1
        with database.engine.connect() as conn:
            holder = conn.execute(text('SELECT assigned_agent_id FROM "case"')).scalar()
            assert holder == zhang.id
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = set(conn.execute(text(TABLES)).scalars())
            assert not {"assign_batch", "assign_batch_case"} & names
            assert conn.execute(text('SELECT case_no FROM "case"')).scalars().all() == [
                "C2024-000001"
            ]
    finally:
        database.close()
