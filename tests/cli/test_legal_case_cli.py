"""`casedesk contact check|log` and `visit request` on a case sent to legal (QA s45 #3): the
contact is saved flagged with the warning legal_case (English and Chinese); a visit request is
refused (exit 1, nothing saved). Recalled from legal, the request goes through. The contact is
dated 10:00 on a fixed past day, so neither the hour nor the day of the run matters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Loan, Visit
from db.store import open_database
from tests.cli.test_closure_cli import _free_case
from tests.conftest import TEST_KEY

AT = "2026-11-20T10:00:00+08:00"


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    return demo_path


def _visits(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(func.count(Visit.id))) or 0
    finally:
        database.close()


def _sent_on(path: Path, loan_no: str, when: str) -> None:
    """The loan went to legal at `when`, before the letter dated AT (sent today by the command):
    a contact is judged by whether the loan was with legal at its time."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            loan = s.scalar(select(Loan).where(Loan.loan_no == loan_no))
            loan.legal_at = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
    finally:
        database.close()


def test_contact_and_visit_on_a_case_sent_to_legal(office: Path, cli) -> None:
    case_no, loan_no, _agent = _free_case(office)
    db = ["--db", str(office)]
    letter = ["contact", "check", case_no, "--channel", "letter", "--party", "borrower"]
    letter += ["--outcome", "delivered", "--at", AT, *db]
    code, out, err = cli(*letter, "--json")
    assert code == 0, err
    assert "legal_case" not in [f["rule"] for f in json.loads(out)["findings"]]
    code, out, err = cli(
        "case", "legal", case_no, "--reason", "借款人拒不还款，已移交律师起诉", *db
    )
    assert code == 0, err
    _sent_on(office, loan_no, "2026-11-19T12:00:00+08:00")
    code, out, err = cli(*letter, "--json")
    assert code == 0, err
    [found] = [f for f in json.loads(out)["findings"] if f["rule"] == "legal_case"]
    assert found["severity"] == "warning"
    code, out, _ = cli(*letter)
    assert (
        "Loan with legal — The loan is with legal; contact the borrower only as legal asks." in out
    )
    code, out, _ = cli("--lang", "zh_CN", *letter)
    assert "贷款已转法务 — 该贷款已转法务；仅在法务要求时联系借款人。" in out
    code, out, err = cli(*(["contact", "log"] + letter[2:]), "--json")
    assert code == 0, err  # a warning is saved, flagged
    before = _visits(office)
    code, out, err = cli("visit", "request", case_no, *db)
    assert code == 1 and out == ""
    assert f"Loan {loan_no} is with legal: no visit can be requested or booked on case" in err
    code, out, err = cli("--lang", "zh_CN", "visit", "request", case_no, *db)
    assert code == 1 and f"贷款 {loan_no} 已转法务：案件 {case_no} 不能申请或预约上门。" in err
    assert _visits(office) == before
    code, out, err = cli("case", "recall", case_no, "--reason", "律师建议先行协商，撤回法务", *db)
    assert code == 0, err
    code, out, err = cli("visit", "request", case_no, *db)
    assert code == 0, err
    assert _visits(office) == before + 1
