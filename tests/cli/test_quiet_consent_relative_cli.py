"""`casedesk contact check|log` in quiet hours for a borrower who agreed to contact then: the
borrower is allowed, a relative is refused as before (QA s45 finding 1), and the refusal's audit
entry lists the rule; the allowed call's finding is no rule broken in the audit or the log."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest

from app.cli.main import main
from tests.conftest import TEST_KEY

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _yesterday(hour: int, minute: int = 0) -> str:
    """Yesterday on the office's clock (Shanghai), whatever the computer's hour: always a time
    in quiet hours for 01:31."""
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


def _case_with_relative(path: Path) -> tuple[str, str, int]:
    """An open case and the borrower's spouse; the borrower agreed to contact in quiet hours
    before the audit trail began (as an import brings it), so a call yesterday night is judged
    with the consent."""
    from sqlalchemy import select, update

    from app.models import Borrower, Case, CaseStatus, Loan, RelatedPerson, Relationship
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            row = s.execute(
                select(Case.case_no, Borrower.borrower_no, RelatedPerson.id)
                .join(Loan, Loan.id == Case.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .join(RelatedPerson, RelatedPerson.borrower_id == Loan.borrower_id)
                .where(
                    Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                    RelatedPerson.relation == Relationship.SPOUSE,
                )
                .order_by(Case.id)
            ).first()
        assert row is not None
        with database.session(write_lock=True) as s:
            s.execute(
                update(Borrower)
                .where(Borrower.borrower_no == row[1])
                .values(quiet_hours_consent=True)
            )
    finally:
        database.close()
    return row[0], row[1], int(row[2])


def _quiet(capsys, args: list[str]) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main([*args, "--json"])
    out = json.loads(capsys.readouterr().out)
    found = [f for f in out["findings"] if f["rule"] == "quiet_hours"]
    assert len(found) == 1, out
    return code, found[0]


@pytest.mark.parametrize("command", ["check", "log"])
@pytest.mark.parametrize("channel", ["call", "sms"])
def test_a_relative_is_refused_at_night_though_the_borrower_agreed(
    capsys, env, command, channel
) -> None:
    case_no, _, person = _case_with_relative(Path(env[1]))
    outcome = "connected" if channel == "call" else "delivered"
    base = ["contact", command, case_no, "--channel", channel, "--outcome", outcome]
    base += ["--at", _yesterday(1, 31), *env]
    code, quiet = _quiet(capsys, [*base, "--party", "relative", "--person", str(person)])
    assert quiet["severity"] == "blocked" and code == 3
    _, quiet = _quiet(capsys, [*base, "--party", "borrower"])
    assert quiet["severity"] == "info", quiet


def _blocked_rules(capsys, env, case_no: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["audit", "list", "--case", case_no, "--json", *env]) == 0
    entries = json.loads(capsys.readouterr().out)
    return [e["changes"]["rules"] for e in entries if e["action"] == "contact.blocked"]


def test_the_audit_lists_only_the_rules_that_refused(capsys, env) -> None:
    """The relative's refusal lists quiet hours; the borrower's call refused for another rule
    (contact refused) does not: quiet hours only said it was allowed (QA s45 finding 2)."""
    from sqlalchemy import update

    from app.models import Borrower
    from db.store import open_database

    case_no, borrower_no, person = _case_with_relative(Path(env[1]))
    base = ["contact", "log", case_no, "--channel", "call", "--outcome", "connected"]
    base += ["--at", _yesterday(1, 31), *env]
    code, _ = _quiet(capsys, [*base, "--party", "relative", "--person", str(person)])
    assert code == 3
    first = _blocked_rules(capsys, env, case_no)
    assert len(first) == 1 and "quiet_hours" in first[0]
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        with database.session(write_lock=True) as s:
            s.execute(
                update(Borrower)
                .where(Borrower.borrower_no == borrower_no)
                .values(contact_refused=True)
            )
    finally:
        database.close()
    code, quiet = _quiet(capsys, [*base, "--party", "borrower"])
    assert code == 3 and quiet["severity"] == "info"
    rules = _blocked_rules(capsys, env, case_no)
    assert len(rules) == 2
    (second,) = [r for r in rules if r != first[0]]
    assert "stop_contact_refused" in second and "quiet_hours" not in second
