"""`casedesk rules retention` on a copy of the demo office: an admin sees the closed cases past
their records retention (text, JSON, Chinese) after setting the rule's parameters with `rules
set`; a supervisor lists them too, an agent is refused in words of reading; `rules show` names
the rule and its parameters."""

from __future__ import annotations

import json
from datetime import date as _date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Case, CaseStatus
from app.retention import add_years
from tests.conftest import TEST_KEY
from tests.office_day import office_today


def date(text: str) -> _date:
    return _date.fromisoformat(text)


@pytest.fixture
def env(monkeypatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _close_long_ago(path: Path) -> tuple[str, str]:
    """Move the first closed case's closure 4 years back (test data); its number and date."""
    from db.store import open_database

    db = open_database(path, TEST_KEY)
    try:
        with db.session() as s:
            case = s.scalar(
                select(Case).where(Case.status == CaseStatus.CLOSED).order_by(Case.id).limit(1)
            )
            case.closed_on = add_years(office_today(), -4)
            return case.case_no, case.closed_on.isoformat()
    finally:
        db.close()


def test_the_admin_lists_the_cases_past_their_period(cli, env, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("rules", "retention", "--json", *env)
    before = json.loads(out)
    assert code == 0 and before["today"] == office_today().isoformat()
    # The demo's oldest closed cases: kept 2 years from their last activity, which has passed.
    assert before["cases"] and all(
        c["kept_until"] == add_years(date(c["last_activity"]), 2).isoformat()
        and c["kept_until"] < before["today"]
        and c["last_activity"] >= c["closed_on"]
        for c in before["cases"]
    )
    code, out, err = cli("rules", "retention", *env)
    assert (code, err) == (0, "")
    past = len(before["cases"])  # one on some build days
    assert out.splitlines()[0] == (
        (
            "1 closed case is past its records retention"
            if past == 1
            else f"{past} closed cases are past their records retention"
        )
        + " (2 years from the case's last collection activity; Records retention (CN 2026.7)); "
        "Casedesk deletes nothing on its own (an admin may erase the "
        + ("borrower's" if past == 1 else "borrowers'")
        + " personal data)."
    )
    case_no, closed_on = _close_long_ago(demo_path)
    code, out, err = cli("rules", "set", "records_retention", "counted_from=closure", *env)
    assert (code, err) == (0, "") and "CN 2026.7-r2" in out
    code, out, _err = cli("rules", "retention", *env)
    lines = out.splitlines()
    assert "(2 years from the case's closure; Records retention (CN 2026.7-r2))" in lines[0]
    kept = add_years(office_today(), -2).isoformat()
    row = next(line.split() for line in lines if case_no in line)
    assert row[0] == case_no and row[1] == closed_on and row[3] == kept
    assert lines[-1] == (
        "Citation: China Banking Association guideline on collection of personal consumer loans "
        "(2026); national standard on post-loan collection for online consumer credit (2025); "
        "PIPL Art. 19"
    )
    code, out, _err = cli("rules", "retention", "--json", *env)
    listed = json.loads(out)
    assert listed["rule"]["ruleset"] == "CN 2026.7-r2"
    assert (listed["rule"]["years"], listed["rule"]["counted_from"]) == (2, "closure")
    assert (case_no, kept) in [(c["case_no"], c["kept_until"]) for c in listed["cases"]]
    assert all(
        c["kept_until"] == add_years(date(c["closed_on"]), 2).isoformat() for c in listed["cases"]
    )
    code, out, _err = cli("rules", "retention", "--lang", "zh_CN", *env)
    assert out.splitlines()[0] == (
        f"{len(listed['cases'])} 个已结案件已过记录保存期限（自结案起 2 年；记录保存期限"
        "（CN 2026.7-r2））；Casedesk 不会自动删除任何记录（管理员可删除借款人的个人信息）。"
    )


def test_a_supervisor_lists_an_agent_is_refused_and_show_names_the_rule(
    cli, env, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("rules", "show", *env)
    assert code == 0 and "  records_retention [Blocked] Records retention" in out
    assert "Years kept: 2" in out and "Counted from: The case's last collection activity" in out
    code, admin_out, _err = cli("rules", "retention", *env)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    code, out, err = cli("rules", "retention", *env)
    assert (code, err, out) == (0, "", admin_out)  # a read-only listing: the supervisor's too
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    code, out, err = cli("rules", "retention", *env)
    assert code != 0 and out == ""
    assert (
        "agent01 (Agent) may not list the closed cases past their records retention; "
        "ask a supervisor or an admin." in err
    )
    assert "rule set" not in err


def test_the_listing_says_whose_personal_data_a_loan_keeps(cli, env, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    """QA: the command listed a borrower another loan keeps as if erasable, and an erased one
    as if not; it now says both, as the Rules page's list does."""
    from db.store import open_database
    from tests.retention_kept import NEW_LOAN, keep_one

    db = open_database(demo_path, TEST_KEY)
    try:
        with db.session() as s:
            case_no, kept, erasable = keep_one(s)
    finally:
        db.close()
    code, out, err = cli("rules", "retention", "--json", *env)
    assert code == 0, err
    cases = {c["case_no"]: c for c in json.loads(out)["cases"]}
    assert cases[case_no]["borrower_no"] == kept and cases[case_no]["kept_by_loan"] == NEW_LOAN
    assert cases[case_no]["erased_on"] is None
    code, out, err = cli("rules", "retention", "--erase", case_no, "--yes", *env)
    assert code != 0 and f"loan {NEW_LOAN} is still Active" in out + err
    (mine,) = [c["case_no"] for c in cases.values() if c["borrower_no"] == erasable][:1]
    code, out, err = cli("rules", "retention", "--erase", mine, "--yes", *env)
    assert code == 0, err
    code, out, err = cli("rules", "retention", *env)
    assert code == 0, err
    row = next(line for line in out.splitlines() if case_no in line)
    assert row.rstrip().endswith(f"Kept: loan {NEW_LOAN} is Active") and kept in row
    row = next(line for line in out.splitlines() if mine in line)
    assert row.rstrip().endswith(f"Erased on {office_today().isoformat()}")
    code, out, err = cli("--lang", "zh_CN", "rules", "retention", *env)
    assert f"保留：贷款 {NEW_LOAN} 为“还款中”状态" in out, out
