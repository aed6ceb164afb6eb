"""Migration 0025: an office stored at 0024 upgrades with its cases kept and no note; once
upgraded, the core adds a note to a stored case (a note needs its case and author to exist), and
the way back to 0024 drops the table and keeps the cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.case_notes import add_case_note
from app.models import CaseNote, User
from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0024_phone_confirmed_at"
CASE = (
    'INSERT INTO "case" (id, case_no, loan_id, status, opened_on, dpd, bucket, amount_overdue,'
    " score, paused, created_at, version, assigned_agent_id) VALUES (1, 'C2024-000001', 1,"
    " 'CONTACTED', '2024-02-16', 30, 'M1', 64400, 0, 0, '2024-02-16 01:00:00', 1, 1)"
)
NOTE = (
    "INSERT INTO case_note (case_id, author_id, created_at, text) VALUES (:c, 1,"
    " '2025-01-02 03:04:05', 'x')"
)


def test_0025_adds_case_notes_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)
    with engine.begin() as conn:
        conn.execute(text(CASE))
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_note")).scalar() == 0
        with database.session() as s:  # the agent the stored case is assigned to
            agent = s.scalar(select(User).where(User.username == "zhang"))
            add_case_note(s, agent, "c2024-000001", "借款人的姐姐说他现在在深圳工作")
        with database.sessions() as s:
            [note] = s.scalars(select(CaseNote)).all()
            assert (note.case_id, note.author_id) == (1, 1)
            assert note.text == "借款人的姐姐说他现在在深圳工作"
        with pytest.raises(IntegrityError), database.engine.begin() as conn:
            conn.execute(text(NOTE), {"c": 99})  # no such case
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
            assert "case_note" not in {n for (n,) in names}
            assert conn.execute(text('SELECT case_no FROM "case"')).scalars().all() == [
                "C2024-000001"
            ]
    finally:
        database.close()
