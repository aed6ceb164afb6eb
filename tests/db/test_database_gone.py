"""The office file deleted or moved while Casedesk has it open (a clean-up tool, a user tidying the
folder). The connections already open still read the old file; a new connection used to make an
empty database under its name, beside the old file's WAL, and every page then failed on "no such
table". Now a new connection and any save say that the file is gone, and nothing is made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.backups import back_up
from app.cases.payments import record_payment
from app.errors import DatabaseError
from app.models import User
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import office_today

GONE = "is no longer there: it was deleted or moved while Casedesk had it open"


def _admin(database) -> User:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        return session.scalar(select(User).where(User.username == "admin"))


def _a_loan(database) -> str:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        found = session.execute(text("SELECT loan_no FROM loan WHERE status = 'ACTIVE' LIMIT 1"))
        return str(found.scalar_one())


def test_a_new_connection_to_a_deleted_office_says_gone_and_makes_no_file(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    database = open_database(demo_path, TEST_KEY)
    try:
        admin, loan_no = _admin(database), _a_loan(database)
        held = database.engine.raw_connection()  # the pool's only idle connection, held
        os.unlink(demo_path)
        with pytest.raises(DatabaseError, match=GONE):
            database.engine.raw_connection().close()
        assert not demo_path.exists()  # no empty office made under its name
        with pytest.raises(DatabaseError, match=GONE), database.session() as session:
            record_payment(session, admin, loan_no, 10_000, office_today(), reference="G")
        with pytest.raises(DatabaseError, match=GONE):
            back_up(database, admin)
        assert not demo_path.exists()
        held.close()
    finally:
        database.close()


def test_a_save_on_a_connection_already_open_is_refused_as_gone(demo_path: Path) -> None:
    """The open connection would write into the deleted file, which nobody opens again."""
    database = open_database(demo_path, TEST_KEY)
    try:
        admin, loan_no = _admin(database), _a_loan(database)
        with database.session() as session:  # its connection is open before the file goes
            session.execute(text("SELECT count(*) FROM loan")).scalar_one()
            os.unlink(demo_path)
            with pytest.raises(DatabaseError, match=GONE):
                record_payment(session, admin, loan_no, 10_000, office_today(), reference="G")
                session.commit()
    finally:
        database.close()
    assert not demo_path.exists()


def test_gone_is_said_in_chinese() -> None:
    from db.sqlcipher import gone

    said = gone("/x/office.db").translated("zh_CN")
    assert said.startswith("/x/office.db") and "删除或移动" in said
