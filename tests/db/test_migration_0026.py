"""Migration 0026: an office stored at 0025 upgrades with an index on lower(loan_no), which the
search by loan number then uses, its loans kept; the way back drops the index."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.queries.search import matching_borrowers
from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0025_case_note"
INDEXES = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'loan'"


def test_0026_indexes_loan_numbers_in_lower_case_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    seeded_at(path, BEFORE).dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert "ix_loan_loan_no_lower" in set(conn.execute(text(INDEXES)).scalars())
        with database.sessions() as s:  # the seeded loan L0001, typed in lower case
            query = matching_borrowers(s, "l0001")
            assert query is not None and list(s.scalars(query)) == [1]
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            assert "ix_loan_loan_no_lower" not in set(conn.execute(text(INDEXES)).scalars())
            assert conn.execute(text("SELECT loan_no FROM loan")).scalars().all() == ["L0001"]
    finally:
        database.close()
