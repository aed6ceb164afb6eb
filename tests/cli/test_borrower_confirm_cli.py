"""`casedesk borrower confirm-number`: a supervisor records that the borrower confirmed a number a
contact found wrong as theirs, and `contact check` stops holding a message to it (the rule
number_found_invalid); an agent, too short a reason, an unknown number and a missing --how are
refused, and nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Borrower, Case, CaseStatus, Loan, Phone
from app.privacy import mask_phone
from db.store import open_database
from tests.cli.test_contact_cli import _yesterday as yesterday
from tests.conftest import TEST_KEY

RULE = "number_found_invalid"
CLOSED = (CaseStatus.PAUSED, CaseStatus.LEGAL, CaseStatus.CLOSED)


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _borrower(path: Path) -> tuple[str, str, str]:
    """A demo borrower's primary number, the borrower and a case of theirs open to contact."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            row = s.execute(
                select(Borrower.borrower_no, Phone.number, Case.case_no)
                .join(Phone, Phone.borrower_id == Borrower.id)
                .join(Loan, Loan.borrower_id == Borrower.id)
                .join(Case, Case.loan_id == Loan.id)
                .where(Phone.is_primary, Case.status.not_in(CLOSED))
                .order_by(Case.id)
                .limit(1)
            ).one()
            return row.borrower_no, row.number, row.case_no
    finally:
        database.close()


def _valid_entries(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return len(
                s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.valid")).all()
            )
    finally:
        database.close()


def _held(cli, office: Path, case_no: str, number: str) -> bool:
    code, out, err = cli(
        "contact", "check", case_no, "--channel", "sms", "--party", "borrower",
        "--outcome", "delivered", "--phone", number, "--json",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code in (0, 3), err
    return RULE in [f["rule"] for f in json.loads(out)["findings"]]


def test_a_supervisor_confirms_a_number_and_messages_to_it_are_no_longer_held(office, cli):
    borrower_no, number, case_no = _borrower(office)
    if not _held(cli, office, case_no, number):
        # A call on it reached a stranger yesterday (the demo's first case has one already).
        code, _, err = cli(
            "contact", "log", case_no, "--channel", "call", "--party", "borrower",
            "--outcome", "wrong_number", "--phone", number, "--at", yesterday(10),
            "--db", office, "--user", "supervisor",
        )  # fmt: skip
        assert code == 0, err
    assert _held(cli, office, case_no, number)
    entries = _valid_entries(office)
    base = ["borrower", "confirm-number", borrower_no, number, "--db", office]
    code, _, err = cli(*base, "--how", "visit", "--reason", "上门确认", "--user", "supervisor")
    assert code == 1 and "at least 10 characters" in err
    code, _, err = cli(
        *base, "--how", "visit", "--reason", "Met at home, showed the phone", "--user", "agent01"
    )
    assert code == 1  # and says whose job it is
    assert "agent01 (Agent) may not lift a restriction on contact; ask a supervisor" in err
    code, _, err = cli(
        "borrower", "confirm-number", borrower_no, "13900002222", "--how", "writing",
        "--reason", "Letter signed by the borrower", "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code == 1 and "is not one of this borrower's numbers" in err
    code, _, err = cli(*base, "--reason", "Met at home, showed the phone", "--user", "supervisor")
    assert code == 2 and "--how" in err
    assert _valid_entries(office) == entries and _held(cli, office, case_no, number)
    code, out, err = cli(
        *base, "--how", "other_number", "--reason", "借款人用另一号码来电确认此号码是本人的",
        "--user", "supervisor", "--json",
    )  # fmt: skip
    assert code == 0, err
    [phone] = [p for p in json.loads(out)["phones"] if p["phone"] == mask_phone(number)]
    assert phone["valid"] is True
    assert _valid_entries(office) == entries + 1
    assert not _held(cli, office, case_no, number)
