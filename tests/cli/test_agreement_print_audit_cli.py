"""`casedesk agreement print` keeps the PDF only once its audit entry is saved, as the report
commands do: a printed agreement with no audit record is a compliance gap. It kept the PDF when
the commit of the print's audit entry failed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.agreements import approve, draft_settlement
from app.cli.main import main
from app.models import AuditEntry
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, _user, build_office
from tests.db.helpers import audit_commits_fail, audit_commits_succeed


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(the open database, an approved agreement's number); agent01 acts in the CLI."""
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    database = open_database(path, TEST_KEY)
    build_office(database)
    with database.session() as s:
        agent, boss = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, 900_000).agreement_no
        approve(s, boss, number)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-agent")
    yield database, number
    database.close()


def _prints(database, number: str) -> int:
    with database.session() as s:
        return s.scalar(
            select(func.count()).where(
                AuditEntry.action == "agreement.print", AuditEntry.entity_id == number
            )
        )


def test_no_pdf_is_left_when_the_prints_audit_entry_is_not_saved(office, capsys, tmp_path) -> None:
    database, number = office
    folder = tmp_path / "out"
    folder.mkdir()
    pdf = folder / "agreement.pdf"
    args = ["--db", str(database.path), "agreement", "print", number, "-o", str(pdf)]
    audit_commits_fail(database, "agreement.print")
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        main(args)
    assert list(folder.iterdir()) == []  # neither the PDF nor its partial file
    assert _prints(database, number) == 0

    audit_commits_succeed(database)
    assert main(args) == 0
    # "Wrote …", then a line naming the office's details the agreement lacks, if any.
    assert f"Wrote {pdf}." in capsys.readouterr().out.splitlines()
    assert number in "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert _prints(database, number) == 1
