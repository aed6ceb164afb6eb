"""Migration 0030: an office stored at 0029 upgrades with every case due (not waiting) until its
queue is rebuilt, its cases kept, and the queue's index led by the waiting flag with the same
partial condition; the way back drops the column and makes the index the score's again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0029_payment_paid_on_loan"
CASE = (
    'INSERT INTO "case" (id, case_no, loan_id, status, opened_on, dpd, bucket, amount_overdue,'
    " score, paused, created_at, version) VALUES (1, 'C2024-000001', 1, 'CONTACTED',"
    " '2024-02-16', 30, 'M1', 50000, 42, 0, '2025-01-02 03:04:05', 1)"
)
CASES = 'SELECT case_no, status, score, waiting FROM "case" ORDER BY id'
COLUMNS = "SELECT name, desc FROM pragma_index_xinfo('ix_case_queue') WHERE key ORDER BY seqno"
WHERE = "SELECT sql FROM sqlite_master WHERE name = 'ix_case_queue'"
BY_SCORE = [("score", 1), ("dpd", 1), ("amount_overdue", 1), ("id", 0)]


def test_0030_adds_the_waiting_flag_to_cases_and_the_queue_index_and_goes_back(
    tmp_path: Path,
) -> None:
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
            assert [tuple(r) for r in conn.execute(text(CASES))] == [
                ("C2024-000001", "CONTACTED", 42, 0)
            ]
            assert [tuple(r) for r in conn.execute(text(COLUMNS))] == [("waiting", 0), *BY_SCORE]
            assert "WHERE status <> 'CLOSED' AND dpd >= 0" in conn.execute(text(WHERE)).scalar()
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(COLUMNS))] == BY_SCORE
            assert "WHERE status <> 'CLOSED' AND dpd >= 0" in conn.execute(text(WHERE)).scalar()
            names = conn.execute(text("SELECT name FROM pragma_table_info('case')")).scalars()
            assert "waiting" not in list(names)
            rows = conn.execute(text('SELECT case_no, score FROM "case"')).all()
            assert [tuple(r) for r in rows] == [("C2024-000001", 42)]
    finally:
        database.close()
