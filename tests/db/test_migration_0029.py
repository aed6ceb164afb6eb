"""Migration 0029: an office stored at 0028 upgrades with its payments' date index holding the
loan too, which the rebuild's "loans paid in the last 30 days" then reads alone, its payments
kept; the way back makes it the date's alone again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0028_related_person_active"
COLUMNS = "SELECT name FROM pragma_index_info('ix_payment_paid_on') ORDER BY seqno"
WINDOW = (
    "EXPLAIN QUERY PLAN SELECT DISTINCT loan_id FROM payment"
    " WHERE paid_on >= '2026-01-01' AND paid_on <= '2026-01-30'"
)


def test_0029_puts_the_loan_in_the_payment_date_index_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    seeded_at(path, BEFORE).dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            payments = conn.execute(text("SELECT count(*) FROM payment")).scalar()
            assert conn.execute(text(COLUMNS)).scalars().all() == ["paid_on", "loan_id"]
            plan = " ".join(str(row[-1]) for row in conn.execute(text(WINDOW)))
            assert "COVERING INDEX ix_payment_paid_on" in plan
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            assert conn.execute(text(COLUMNS)).scalars().all() == ["paid_on"]
            assert conn.execute(text("SELECT count(*) FROM payment")).scalar() == payments
    finally:
        database.close()
