"""`casedesk contact log|check` with a number on file typed under another party: the borrower's
own number is refused as a third party's (naming whose it is), and a related person's number is
that person, whose do-not-contact holds — under the CN and the US rule sets alike."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.models import (
    BlockedAttempt,
    Case,
    CaseStatus,
    ContactAttempt,
    Loan,
    Phone,
    RelatedPerson,
    Relationship,
)
from db.store import open_database
from tests.conftest import TEST_KEY

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _yesterday(hour: int) -> str:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI).isoformat()


@pytest.fixture(params=["cn", "us"])
def office(request, monkeypatch, demo_path, capsys):  # type: ignore[no-untyped-def]
    """The demo office on the CN or US rule set, with one open case whose borrower refused
    contact and whose spouse asked not to be contacted: (--db args, case, the borrower's primary
    number, the spouse's number)."""
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    monkeypatch.setenv("CASEDESK_USER", "admin")
    env = ["--db", str(demo_path)]
    assert main(["rules", "use", request.param, *env]) == 0
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=2)
    database = open_database(Path(demo_path), TEST_KEY)
    try:
        with database.session() as s:
            case, spouse = s.execute(
                select(Case, RelatedPerson)
                .join(Loan, Loan.id == Case.loan_id)
                .join(RelatedPerson, RelatedPerson.borrower_id == Loan.borrower_id)
                .where(
                    Case.status != CaseStatus.CLOSED,
                    Case.status != CaseStatus.LEGAL,
                    ~Case.paused,
                    Case.opened_on < day,
                    RelatedPerson.relation == Relationship.SPOUSE,
                    RelatedPerson.phone != "",
                )
                .order_by(Case.id)
            ).first()
            case.loan.borrower.contact_refused = True
            spouse.do_not_contact = True
            primary = s.scalar(
                select(Phone.number)
                .where(Phone.borrower_id == case.loan.borrower_id)
                .order_by(Phone.is_primary.desc(), Phone.id)
            )
            found = (env, case.case_no, primary, spouse.phone)
    finally:
        database.close()
    capsys.readouterr()
    return found


def _counts(env: list[str]) -> tuple[int, int]:
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        with database.sessions() as s:
            return (
                s.scalar(select(func.count()).select_from(ContactAttempt)) or 0,
                s.scalar(select(func.count()).select_from(BlockedAttempt)) or 0,
            )
    finally:
        database.close()


def _run(capsys, command: str, case: str, env: list[str], *args: str):  # type: ignore[no-untyped-def]
    code = main(
        ["contact", command, case, "--channel", "call", "--outcome", "connected", *args, *env]
        + ["--at", _yesterday(10)]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", ["log", "check"])
def test_the_borrowers_number_as_another_party_is_refused(capsys, office, command) -> None:  # type: ignore[no-untyped-def]
    env, case, primary, _spouse = office
    before = _counts(env)
    national = primary.removeprefix("+86")  # typed as people type it
    code, _out, err = _run(capsys, command, case, env, "--party", "other", "--phone", national)
    assert code == 1
    assert "is the borrower's number on file" in err and len(err.strip().splitlines()) == 1
    assert _counts(env) == before  # nothing saved, nothing recorded
    code, out, _err = _run(
        capsys, command, case, env, "--party", "borrower", "--phone", national, "--json"
    )
    assert code == 3
    assert "stop_contact_refused" in [f["rule"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("command", ["log", "check"])
def test_the_spouses_number_is_the_spouse_who_asked_not_to_be_contacted(  # type: ignore[no-untyped-def]
    capsys, office, command
) -> None:
    env, case, _primary, spouse = office
    before = _counts(env)
    code, out, _err = _run(
        capsys,
        command,
        case,
        env,
        "--party",
        "relative",
        "--phone",
        spouse,
        "--override-reason",
        "urgent",
        "--json",
    )
    assert code == 3
    verdict = json.loads(out)
    assert verdict["verdict"] == "blocked"
    assert verdict["findings"][0]["rule"] == "related_person_do_not_contact"
    saved, blocked = _counts(env)
    assert (saved, blocked) == (before[0], before[1] + (command == "log"))


def test_the_refusal_is_in_chinese_too(capsys, office) -> None:  # type: ignore[no-untyped-def]
    env, case, primary, _spouse = office
    code, _out, err = _run(
        capsys, "check", case, env, "--lang", "zh_CN", "--party", "other", "--phone", primary
    )
    assert code == 1 and "是登记在案的借款人号码" in err
