"""A printed report or agreement whose audit entry cannot be saved is removed, not handed out, and
the failed commit does not keep the database's write lock: SQLite leaves a refused COMMIT's
transaction open, and the pooled connection kept it, so a later save failed ("cannot start a
transaction within a transaction" on that connection, "busy" on another)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.agreements import approve, draft_settlement, write_agreement
from app.auth import authenticate
from app.models import AuditEntry
from app.reporting.generated import write_report
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, _user, build_office
from tests.db.helpers import audit_commits_fail, audit_commits_succeed
from tests.office_day import office_today

pytestmark = pytest.mark.sqlite_only  # the tripwire is SQLite's SQL

REFUSED = "FOREIGN KEY constraint failed"


def _entries(database, action: str) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).where(AuditEntry.action == action)) or 0


def test_a_report_not_on_the_trail_is_removed(demo_db, tmp_path) -> None:
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    folder = tmp_path / "out"
    folder.mkdir()
    roster = folder / "roster.pdf"
    before = _entries(demo_db, "report.generate")
    audit_commits_fail(demo_db, "report.generate")
    with pytest.raises(IntegrityError, match=REFUSED):
        write_report(demo_db.sessions, supervisor, "training", roster, "en", as_of=office_today())
    assert list(folder.iterdir()) == []
    audit_commits_succeed(demo_db)  # a save: refused while the failed commit's transaction lived
    assert _entries(demo_db, "report.generate") == before

    write_report(demo_db.sessions, supervisor, "training", roster, "en", as_of=office_today())
    assert roster.exists() and _entries(demo_db, "report.generate") == before + 1


def test_an_agreement_not_on_the_trail_is_removed(template_db: Path, tmp_path: Path) -> None:
    database = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    try:
        build_office(database)
        with database.session() as s:
            agent = _user(s, "agent01")
            number = draft_settlement(s, agent, _case(s, "L1").case_no, 900_000).agreement_no
            approve(s, _user(s, "supervisor"), number)
        folder = tmp_path / "out"
        folder.mkdir()
        pdf = folder / f"{number}.pdf"
        audit_commits_fail(database, "agreement.print")
        with database.session(write_lock=True) as s, pytest.raises(IntegrityError, match=REFUSED):
            write_agreement(s, _user(s, "agent01"), number, pdf)
        assert list(folder.iterdir()) == []
        audit_commits_succeed(database)
        assert _entries(database, "agreement.print") == 0

        with database.session(write_lock=True) as s:
            write_agreement(s, _user(s, "agent01"), number, pdf)
        assert pdf.exists() and _entries(database, "agreement.print") == 1
    finally:
        database.close()
