"""`casedesk contact log|check` exit codes and `casedesk rules show`."""

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
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _yesterday(hour: int, minute: int = 0) -> str:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


def _open_case(capsys, env) -> str:
    capsys.readouterr()
    assert main(["queue", "--json", "--limit", "100", *env]) == 0
    cases = json.loads(capsys.readouterr().out)["cases"]
    return next(c["case_no"] for c in cases if c["status"] not in ("paused", "legal"))


def test_quiet_hours_block_exits_3_and_a_daytime_sms_is_saved(capsys, env):
    case = _open_case(capsys, env)
    base = [
        "contact",
        "log",
        case,
        "--channel",
        "call",
        "--party",
        "borrower",
        "--outcome",
        "no_answer",
        *env,
    ]
    assert main([*base, "--at", _yesterday(22, 30)]) == 3
    out = capsys.readouterr().out
    assert "Blocked" in out and "Quiet hours —" in out and "Not saved" in out
    sms = [
        "contact",
        "log",
        case,
        "--channel",
        "sms",
        "--party",
        "borrower",
        "--outcome",
        "delivered",
        "--at",
        _yesterday(10),
        *env,
    ]
    assert main(sms) == 0
    assert "Saved." in capsys.readouterr().out


def test_check_prints_json_and_saves_nothing(capsys, env):
    case = _open_case(capsys, env)
    args = [
        "contact",
        "check",
        case,
        "--channel",
        "call",
        "--party",
        "borrower",
        "--outcome",
        "connected",
        "--at",
        _yesterday(23),
        "--json",
        *env,
    ]
    assert main(args) == 3
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "blocked" and result["ruleset"].startswith("CN")
    assert any(f["rule"] == "quiet_hours" for f in result["findings"])


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--channel", "fax"], "Unknown channel"),
        (["--at", "2026-03-01 10:00"], "time zone"),
        (["--at", "yesterday"], "Cannot read the time"),
        (["--promise", "0@2030-01-01"], "more than zero"),
        (["--promise", "100"], "AMOUNT@DATE"),
        (["--promise", "100@2030-01-01", "--outcome", "no_answer"], "made in a conversation"),
        (["--channel", "sms"], "The outcome connected does not fit the channel sms"),
        (["--channel", "letter", "--outcome", "no_answer"], "does not fit the channel letter"),
        (["--outcome", "delivered"], "The outcome delivered does not fit the channel call"),
        (["--outcome", "busy", "--phone", "x"], "Not a phone number: x"),
        (["--at", "2020-01-01T10:00+08:00"], "before its case was opened on"),
        (["--party", "guarantor"], "Name the guarantor"),
    ],
)
def test_bad_input_is_one_line(capsys, env, extra, message):
    case = _open_case(capsys, env)
    args = [
        "contact",
        "log",
        case,
        "--channel",
        "call",
        "--party",
        "borrower",
        "--outcome",
        "connected",
        "--at",
        _yesterday(10),
        *env,
    ]
    for i in range(0, len(extra), 2):
        j = args.index(extra[i]) if extra[i] in args else None
        if j is not None:
            args[j + 1] = extra[i + 1]
        else:
            args += extra[i : i + 2]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_rules_show(capsys, env):
    assert main(["rules", "show", "--json", *env]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert rules["jurisdiction"] == "cn"
    ids = {r["id"] for r in rules["rules"]}
    assert {"quiet_hours", "daily_conversation_cap", "case_paused"} <= ids
    assert all(r["citation"] for r in rules["rules"])
    assert main(["rules", "show", "--lang", "zh_CN", *env]) == 0
    assert "quiet_hours" in capsys.readouterr().out


def test_admin_changes_and_switches_the_rule_set(capsys, env, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    assert main(["rules", "set", "quiet_hours", "end=07:30", *env]) == 0
    assert "CN 2026.2-r2" in capsys.readouterr().out
    assert main(["rules", "show", "--json", *env]) == 0
    rules = json.loads(capsys.readouterr().out)
    quiet = next(r for r in rules["rules"] if r["id"] == "quiet_hours")
    assert rules["version"] == "2026.2-r2" and quiet["params"]["end"] == "07:30"
    assert main(["rules", "set", "quiet_hours", "end=25:00", *env]) == 1
    assert "line" in capsys.readouterr().err
    assert main(["rules", "use", "us", *env]) == 0
    assert "US" in capsys.readouterr().out
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    assert main(["rules", "use", "cn", *env]) == 1
    assert "may not" in capsys.readouterr().err


def test_the_party_follows_the_related_person(capsys, env):
    """--person with a party that is not the person's is refused in one line; as the person's
    own party (a relative) the third-party rules judge the call."""
    from sqlalchemy import select

    from app.models import Case, CaseStatus, Loan, RelatedPerson, Relationship
    from db.store import open_database

    database = open_database(Path(env[1]), TEST_KEY)
    try:
        with database.sessions() as s:
            case, person_id, name = s.execute(
                select(Case.case_no, RelatedPerson.id, RelatedPerson.name)
                .join(Loan, Loan.id == Case.loan_id)
                .join(RelatedPerson, RelatedPerson.borrower_id == Loan.borrower_id)
                .where(
                    Case.status != CaseStatus.CLOSED, RelatedPerson.relation == Relationship.SPOUSE
                )
                .order_by(Case.id)
            ).first()
    finally:
        database.close()
    base = ["contact", "check", case, "--channel", "call", "--outcome", "connected", *env]
    base += ["--at", _yesterday(10), "--person", str(person_id)]
    for party, message in (
        ("guarantor", f"{name} is recorded as Spouse: the party of this contact is relative"),
        ("borrower", "A related person is not the borrower"),
    ):
        assert main([*base, "--party", party]) == 1
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err
    assert main([*base, "--party", "relative", "--json"]) in (0, 3)
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "third_party_disclosure" in rules
