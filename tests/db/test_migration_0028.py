"""Migration 0028: an office stored at 0027 upgrades with every related person active (none was
ever removed before), their names kept; the way back drops the column."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.migrate import current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import seeded_at

BEFORE = "0027_assign_batch"
PERSON = (
    "INSERT INTO related_person (id, borrower_id, name, relation, phone, consent_to_contact,"
    " do_not_contact) VALUES (1, 1, '王强', 'SIBLING', '+8613700137000', 0, 0)"
)
PEOPLE = "SELECT name, active FROM related_person ORDER BY id"


def test_0028_marks_every_related_person_active_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.migrate import _config

    path = tmp_path / "old.db"
    engine = seeded_at(path, BEFORE)
    with engine.begin() as conn:
        conn.execute(text(PERSON))
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            rows = conn.execute(text(PEOPLE)).all()
        assert [tuple(r) for r in rows] == [("王强", 1)]
        with database.engine.begin() as conn:
            command.downgrade(_config(conn), BEFORE)
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM related_person ORDER BY id")).scalars()
            assert list(names) == [name for name, _active in rows]
    finally:
        database.close()
