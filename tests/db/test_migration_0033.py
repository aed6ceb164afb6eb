"""Migration 0033: an office stored at 0032 upgrades with loan.legal_at and loan.legal_ended_at,
the loan's last stretch with legal, from the audit trail: its last "loan.legal" entry, ended by a
later recall or a write-off of the loan while with legal; neither for a loan never sent to legal;
the way back drops the columns."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0032_agreement_debt_taken_at"
LOAN = (
    "INSERT INTO loan (id, loan_no, borrower_id, product_id, principal, annual_rate_bp,"
    " term_months, schedule_type, disbursed_on, first_due_on, home_visit_consent,"
    " third_party_consent, status, credit_balance, created_at) VALUES ({id}, '{number}', 1, 1,"
    " 1200000, 1440, 12, 'EQUAL_INSTALMENT', '2024-01-15', '2024-02-15', 1, 0, '{status}', 0,"
    " '2025-01-02 03:04:05')"
)
ENTRY = (
    "INSERT INTO audit_entry (id, at, action, entity, entity_id, changes, prev_hash, hash) VALUES"
    " ({id}, '{at}', '{action}', 'loan', '{number}', :changes, '', '')"
)
STRETCH = "SELECT loan_no, legal_at, legal_ended_at FROM loan ORDER BY id"


def test_0033_keeps_each_loans_last_stretch_with_legal_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)  # L0001, active
    with engine.begin() as conn:
        for n, (number, status) in enumerate(
            (("L0002", "LEGAL"), ("L0003", "WRITTEN_OFF"), ("L0004", "WRITTEN_OFF")), 2
        ):
            conn.execute(text(LOAN.format(id=n, number=number, status=status)))
        entries = [
            ("2025-02-01 02:00:00", "loan.legal", "L0001", {"was": "active"}),
            ("2025-02-10 02:00:00", "loan.recall", "L0001", {"was": "legal"}),
            ("2025-02-01 03:00:00", "loan.legal", "L0002", {"was": "active"}),
            ("2025-02-05 03:00:00", "loan.recall", "L0002", {"was": "legal"}),
            ("2025-03-01 03:00:00", "loan.legal", "L0002", {"was": "active"}),  # sent again
            ("2025-02-01 04:00:00", "loan.legal", "L0003", {"was": "active"}),
            ("2025-02-20 04:00:00", "loan.write_off", "L0003", {"was": "legal"}),
            ("2025-02-20 05:00:00", "loan.write_off", "L0004", {"was": "active"}),
        ]
        for n, (at, action, number, changes) in enumerate(entries, 1):
            sql = ENTRY.format(id=n, at=at, action=action, number=number)
            conn.execute(text(sql), {"changes": json.dumps(changes)})
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            found = {
                number: tuple(str(at)[:19] if at else None for at in (start, end))
                for number, start, end in conn.execute(text(STRETCH))
            }
        assert found == {
            "L0001": ("2025-02-01 02:00:00", "2025-02-10 02:00:00"),  # recalled
            "L0002": ("2025-03-01 03:00:00", None),  # with legal again: its last stretch
            "L0003": ("2025-02-01 04:00:00", "2025-02-20 04:00:00"),  # written off from legal
            "L0004": (None, None),  # never with legal
        }
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        assert current_revision(database.engine) == BEFORE
        with database.engine.connect() as conn:
            names = list(conn.execute(text("SELECT name FROM pragma_table_info('loan')")).scalars())
            assert "legal_at" not in names and "legal_ended_at" not in names
    finally:
        database.close()
