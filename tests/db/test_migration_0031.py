"""Migration 0031: an office stored at 0030 upgrades with each payment's reference_key filled
from its reference as the core keys it (half width, upper case, trimmed), the references kept as
typed, an indexed column the duplicate checks read; the way back drops both."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0030_case_waiting"
PAYMENT = (
    "INSERT INTO payment (id, loan_id, paid_on, amount, method, reference, credit_amount,"
    " created_at, created_by_id) VALUES ({id}, 1, '2024-03-16', 100, 'transfer', :ref, 0,"
    " '2025-01-02 03:04:05', NULL)"
)
TYPED = ["tx-999", "ｂａｎｋ７７７", "BANK-1", "Ｑ１　"]
KEYS = "SELECT id, reference, reference_key FROM payment ORDER BY id"
INDEX = "SELECT name FROM pragma_index_list('payment') WHERE name = 'ix_payment_reference_key'"


def test_0031_keys_every_stored_reference_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)  # payment 1 has no reference
    with engine.begin() as conn:
        for n, ref in enumerate(TYPED, start=2):
            conn.execute(text(PAYMENT.format(id=n)), {"ref": ref})
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(KEYS))] == [
                (1, None, None),
                (2, "tx-999", "TX-999"),
                (3, "ｂａｎｋ７７７", "BANK777"),
                (4, "BANK-1", "BANK-1"),
                (5, "Ｑ１　", "Q1"),
            ]
            assert conn.execute(text(INDEX)).scalar() == "ix_payment_reference_key"
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM pragma_table_info('payment')")).scalars()
            assert "reference_key" not in list(names)
            assert conn.execute(text(INDEX)).scalar() is None
            refs = conn.execute(text("SELECT reference FROM payment ORDER BY id")).scalars()
            assert list(refs) == [None, *TYPED]
    finally:
        database.close()
