"""Migration 0015: the write-offs a reinstatement undid are kept in loan_reinstatement, filled from
the audit trail's write-off and reinstatement entries of each loan."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

AUDIT = (
    "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, changes, prev_hash, hash)"
    " VALUES (:at, NULL, :action, 'loan', :loan, :changes, '', '')"
)
ENTRIES = [
    ("2024-04-01 03:00:00", "loan.reinstate", "L0001", {"was": "written_off"}),  # none before
    # L0001: written off on 2024-05-10 (entered the next day), reinstated on the evening of
    # 2024-06-02 UTC, which is 2024-06-03 in the office (Asia/Shanghai); then written off again.
    ("2024-05-11 02:00:00", "loan.write_off", "L0001", {"on": "2024-05-10", "outstanding": 164400}),
    ("2024-06-02 17:30:00", "loan.reinstate", "L0001", {"was": "written_off"}),
    ("2024-07-01 03:00:00", "loan.write_off", "L0001", {"on": "2024-07-01", "outstanding": 1}),
    # A loan that is not on file.
    ("2024-06-05 03:00:00", "loan.write_off", "L9999", {"on": "2024-06-01", "outstanding": 5}),
    ("2024-06-06 03:00:00", "loan.reinstate", "L9999", {"was": "written_off"}),
]


def test_0015_keeps_the_write_offs_reinstated_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = seeded_at(path, "0014_instalment_unpaid_by_loan")
    with engine.begin() as conn:
        for at, action, loan, changes in ENTRIES:
            conn.execute(
                text(AUDIT),
                {"at": at, "action": action, "loan": loan, "changes": json.dumps(changes)},
            )
    engine.dispose()

    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT loan_id, written_off_on, reinstated_on, owed FROM loan_reinstatement"
                    " ORDER BY id"
                )
            )
            assert [tuple(r) for r in rows] == [(1, "2024-05-10", "2024-06-03", 164400)]
    finally:
        database.close()
