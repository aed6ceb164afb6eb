"""Migration 0022: an office stored at 0021 upgrades with its borrowers kept and none erased; once
upgraded, an erasure is recorded in borrower_erasure (its borrower and user must exist), and the
way back to 0021 drops the table and keeps the borrowers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0021_user_must_change_password"
ERASURE = (
    "INSERT INTO borrower_erasure (borrower_id, erased_at, erased_by_id)"
    " VALUES (:b, '2026-01-02 03:04:05', 1)"
)


def test_0022_adds_the_erasures_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    seeded_at(path, BEFORE).dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM borrower_erasure")).scalar() == 0
            conn.execute(text(ERASURE), {"b": 1})
        with pytest.raises(IntegrityError), database.engine.begin() as conn:
            conn.execute(text(ERASURE), {"b": 99})  # no such borrower
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
            assert "borrower_erasure" not in {n for (n,) in names}
            rows = conn.execute(text("SELECT borrower_no, name FROM borrower"))
            assert [tuple(r) for r in rows] == [("B0001", "李娜")]
    finally:
        database.close()
