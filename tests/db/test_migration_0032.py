"""Migration 0032: an office stored at 0031 upgrades with agreement.debt_taken_at, when each
agreement's debt was last taken: the time of its last audited edit that changed the debt (its
terms moved to a lower debt by a payment since the drafting), else empty (at its drafting, as
before); the way back drops the column."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0031_payment_reference_key"
CASE = (
    'INSERT INTO "case" (id, case_no, loan_id, status, opened_on, dpd, bucket, amount_overdue,'
    " score, paused, created_at, version) VALUES (1, 'C0001', 1, 'NEW', '2024-03-01', 20, 'M1',"
    " 64400, 10, 0, '2025-01-02 03:04:05', 1)"
)
AGREEMENT = (
    "INSERT INTO agreement (id, agreement_no, case_id, kind, status, debt_amount, settled_amount,"
    " waiver_amount, stated_reason, stated_capacity, created_at, version) VALUES ({id},"
    " '{number}', 1, 'PLAN', 'DRAFT', 100000, 90000, 10000, '', '', '2025-01-03 01:00:00', 1)"
)
EDIT = (
    "INSERT INTO audit_entry (id, at, action, entity, entity_id, changes, prev_hash, hash) VALUES"
    " ({id}, '{at}', 'agreement.edit', 'agreement', '{number}', :changes, '', '')"
)
TAKEN = "SELECT agreement_no, debt_taken_at FROM agreement ORDER BY id"


def test_0032_takes_each_debt_from_its_last_edit_that_changed_it_and_goes_back(
    tmp_path: Path,
) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)
    with engine.begin() as conn:
        conn.execute(text(CASE))
        for n, number in enumerate(("AG-2025-000001", "AG-2025-000002", "AG-2025-000003"), 1):
            conn.execute(text(AGREEMENT.format(id=n, number=number)))
        edits = [
            ("2025-01-04 02:00:00", "AG-2025-000001", '{"debt": [110000, 100000]}'),
            ("2025-01-05 02:00:00", "AG-2025-000001", '{"debt": [100000, 95000]}'),
            ("2025-01-06 02:00:00", "AG-2025-000001", '{"stated_reason": "x"}'),  # not the debt
            ("2025-01-04 03:00:00", "AG-2025-000002", '{"settled": [90000, 80000]}'),
        ]
        for n, (at, number, changes) in enumerate(edits, 1):
            conn.execute(text(EDIT.format(id=n, at=at, number=number)), {"changes": changes})
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            taken = {n: (str(at)[:19] if at else None) for n, at in conn.execute(text(TAKEN))}
        assert taken == {
            "AG-2025-000001": "2025-01-05 02:00:00",  # its last edit that moved the debt
            "AG-2025-000002": None,  # edited, but not its debt: taken at its drafting
            "AG-2025-000003": None,
        }
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM pragma_table_info('agreement')")).scalars()
            assert "debt_taken_at" not in list(names)
    finally:
        database.close()
