"""Migration 0023: an office stored at 0022 upgrades with its borrowers kept and none holding a
data key; once upgraded, a borrower's key is kept in borrower_key (the borrower must exist, one key
each), and the way back to 0022 drops the table and keeps the borrowers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0022_borrower_erased_at"
KEY = "INSERT INTO borrower_key (borrower_id, key) VALUES (:b, :k)"


def test_0023_adds_the_borrower_keys_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    seeded_at(path, BEFORE).dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM borrower_key")).scalar() == 0
            conn.execute(text(KEY), {"b": 1, "k": bytes(range(32))})
            key = conn.execute(text("SELECT key FROM borrower_key WHERE borrower_id = 1")).scalar()
            assert key == bytes(range(32))
        with pytest.raises(IntegrityError), database.engine.begin() as conn:
            conn.execute(text(KEY), {"b": 99, "k": b"x" * 32})  # no such borrower
        with pytest.raises(IntegrityError), database.engine.begin() as conn:
            conn.execute(text(KEY), {"b": 1, "k": b"y" * 32})  # one key per borrower
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
            assert "borrower_key" not in {n for (n,) in names}
            rows = conn.execute(text("SELECT borrower_no, name FROM borrower"))
            assert [tuple(r) for r in rows] == [("B0001", "李娜")]
    finally:
        database.close()
