"""`casedesk contact check` on contacts logged after the fact, judged as of their own time (QA
s46): a call in quiet hours before the borrower's consent was recorded is refused saying when
the consent was recorded (not how to record it), in English and Chinese; the warning legal_case
comes with a contact dated while the loan was with legal, not before it went, and still after it
is recalled. The contacts are dated on fixed or past days: no hour matters."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Borrower, Loan
from db.store import open_database
from tests.cli.test_closure_cli import _free_case
from tests.cli.test_quiet_consent_way_cli import _open_case, _yesterday
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _consent_recorded(path: str, borrower_no: str) -> str:
    """When the borrower's consent was recorded, on their clock, as the refusal says it."""
    database = open_database(Path(path), TEST_KEY)
    try:
        with database.sessions() as s:
            zone = s.scalar(select(Borrower.timezone).where(Borrower.borrower_no == borrower_no))
            at = s.scalar(
                select(AuditEntry.at)
                .where(AuditEntry.action == "borrower.flags", AuditEntry.entity_id == borrower_no)
                .order_by(AuditEntry.id.desc())
            )
    finally:
        database.close()
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return at.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "after this contact's time, so it does not cover"), ("zh_CN", "晚于本次联系的时间")],
)
def test_a_call_before_the_consent_was_recorded_says_when_it_was(
    capsys, env, cli, lang, words
) -> None:
    case_no, borrower_no = _open_case(capsys, env)
    note = ["--note", "借款人电话中同意晚间联系"]
    code, _out, err = cli(
        "borrower", "flags", borrower_no, "--set", "quiet_hours_consent", *note, *env
    )
    assert code == 0, err
    recorded = _consent_recorded(env[1], borrower_no)
    sms = ["contact", "check", case_no, "--channel", "sms", "--party", "borrower"]
    sms += ["--outcome", "delivered", "--at", _yesterday(22, 30), *env]
    code, out, _err = cli("--lang", lang, *sms)
    assert code == 3  # refused: judged as of its time, before the consent
    assert words in out and recorded in out
    assert "casedesk borrower flags" not in out  # the consent is on file: nothing to record
    code, out, _err = cli(*sms, "--json")
    [found] = [f for f in json.loads(out)["findings"] if f["rule"] == "quiet_hours"]
    assert found["params"]["recorded"] == recorded and "recorded only at" in found["text"]


def _legal_since(path: Path, loan_no: str, when: str) -> None:
    """The loan went to legal at `when` (sent by the command today)."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            loan = s.scalar(select(Loan).where(Loan.loan_no == loan_no))
            loan.legal_at = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
    finally:
        database.close()


def test_legal_case_follows_when_the_loan_was_with_legal(demo_path: Path, env, cli) -> None:
    case_no, loan_no, _agent = _free_case(demo_path)

    def legal_warned(at: str) -> bool:
        letter = ["contact", "check", case_no, "--channel", "letter", "--party", "borrower"]
        code, out, err = cli(*letter, "--outcome", "delivered", "--at", at, "--json", *env)
        assert code == 0, err
        return "legal_case" in [f["rule"] for f in json.loads(out)["findings"]]

    reason = ["--reason", "借款人拒不还款，已移交律师起诉"]
    code, _out, err = cli("case", "legal", case_no, *reason, *env)
    assert code == 0, err
    assert not legal_warned("2026-11-20T10:00:00+08:00")  # a letter sent before it went to legal
    _legal_since(demo_path, loan_no, "2026-11-19T12:00:00+08:00")
    assert legal_warned("2026-11-20T10:00:00+08:00")
    code, _out, err = cli("case", "recall", case_no, "--reason", "律师建议先行协商，撤回法务", *env)
    assert code == 0, err
    assert legal_warned("2026-11-20T10:00:00+08:00")  # sent while it was with legal
    # Said in the past, with when it was sent and recalled (QA s46 J-4).
    letter = ["contact", "check", case_no, "--channel", "letter", "--party", "borrower"]
    letter += ["--outcome", "delivered", "--at", "2026-11-20T10:00:00+08:00", *env]
    code, out, _err = cli(*letter, "--json")
    [found] = [f for f in json.loads(out)["findings"] if f["rule"] == "legal_case"]
    assert found["text"].startswith(
        "The loan was with legal at this contact's time (from 2026-11-19 12:00 until "
    )
    code, out, _err = cli("--lang", "zh_CN", *letter)
    assert "本次联系发生时，该贷款正处于转法务期间（2026-11-19 12:00 至 " in out
    assert "该贷款已转法务" not in out
    assert not legal_warned("2026-11-18T10:00:00+08:00")
