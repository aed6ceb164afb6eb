"""`casedesk borrower copy BORROWER_NO -o FILE --reason T`: a supervisor's PDF and workbook in
the language of --lang (JSON with each section's rows), an agent refused, a file already there
kept without --force, a wrong suffix said before anything is done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.models import Borrower, Case, ContactAttempt, Loan
from db.store import open_database
from tests.conftest import TEST_KEY

REASON = "Borrower's letter of 1 December asking for a copy"


@pytest.fixture
def demo(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The demo office (supervisor's password in the environment) and a borrower with contacts."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            number = s.scalar(
                select(Borrower.borrower_no)
                .join(Loan)
                .join(Case)
                .join(ContactAttempt, ContactAttempt.case_id == Case.id)
                .limit(1)
            )
            name = s.scalar(select(Borrower.name).where(Borrower.borrower_no == number))
    finally:
        database.close()
    assert number is not None and name
    return demo_path, number


def test_a_supervisor_writes_the_pdf_and_the_workbook(cli, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, number = demo
    pdf = tmp_path / "copy.pdf"
    code, out, err = cli("--lang", "zh_CN", "borrower", "copy", number, "-o", pdf,
                         "--reason", REASON, "--user", "supervisor", "--db", db)  # fmt: skip
    assert code == 0, err
    assert "已写入" in out or str(pdf) in out
    assert "借款人" in PdfReader(str(pdf)).pages[0].extract_text()
    book = tmp_path / "copy.xlsx"
    code, out, err = cli("borrower", "copy", number, "-o", book, "--reason", REASON,
                         "--user", "supervisor", "--db", db, "--json")  # fmt: skip
    assert code == 0, err
    said = json.loads(out)
    assert said["format"] == "xlsx" and said["borrower"] == number and said["language"] == "en"
    assert said["rows"]["contacts"] >= 1 and book.is_file()
    code, _out, err = cli("borrower", "copy", number, "-o", book, "--reason", REASON,
                          "--user", "supervisor", "--db", db)  # fmt: skip
    assert code != 0 and "--force" in err


def test_an_agent_is_refused_and_a_wrong_suffix_said(cli, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, number = demo
    target = tmp_path / "copy.pdf"
    code, _out, err = cli("borrower", "copy", number, "-o", target, "--reason", REASON,
                          "--user", "agent01", "--db", db)  # fmt: skip
    assert code != 0 and "may not give a borrower a copy of their personal data" in err
    assert not target.exists()
    code, _out, err = cli("borrower", "copy", number, "-o", tmp_path / "copy.csv",
                          "--reason", REASON, "--user", "supervisor", "--db", db)  # fmt: skip
    assert code != 0 and ".xlsx" in err
