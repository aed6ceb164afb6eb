"""QA14's agreement findings through `casedesk` on a copy of the demo office: no signing before
the approval (#1), a draft replacing signed terms in the supervisor's approvals (#2), and an edit
after a payment based on today's debt rather than waiving the payment (#3)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select, update

from app.models import Agreement, Case
from db.store import open_database
from tests.cli.test_agreement_cli import _free_cases, _number, _today
from tests.cli.test_agreement_cli import office as office  # the demo copy, its key and password
from tests.conftest import TEST_KEY


def _drafted_days_ago(path: Path, number: str, days: int) -> None:
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
            s.execute(
                update(Agreement).where(Agreement.agreement_no == number).values(created_at=at)
            )
    finally:
        database.close()


def _loan_no(path: Path, case_no: str) -> str:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            case = s.scalar(select(Case).where(Case.case_no == case_no))
            assert case is not None
            return case.loan.loan_no
    finally:
        database.close()


def test_signed_not_before_approved_and_the_replacement_waits(office: Path, cli) -> None:
    case_no = _free_cases(office, "agent01", 1)[0]
    agent, sup = ["--db", office, "--user", "agent01"], ["--db", office, "--user", "supervisor"]
    start = (_today() + dt.timedelta(days=10)).isoformat()
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "3", "--start", start,
                         *agent)  # fmt: skip
    assert code == 0, err
    first = _number(out)
    _drafted_days_ago(office, first, 3)
    code, out, err = cli("agreement", "approve", first, *sup)
    assert code == 0, err
    today, yesterday = _today(), _today() - dt.timedelta(days=1)
    code, _, err = cli("--lang", "zh_CN", "agreement", "sign", "--on", yesterday, first, *agent)
    assert code == 1 and f"协议的签署日期不能早于批准日期（{today.isoformat()}）。" in err
    code, _, err = cli("agreement", "sign", "--on", today, first, *agent)
    assert code == 0, err
    # A new draft on the case would replace the signed terms: the supervisor's to approve.
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "6", "--start", start,
                         *agent)  # fmt: skip
    assert code == 0, err
    second = _number(out)
    code, _, err = cli("agreement", "approve", second, *agent)
    assert code == 1 and f"would replace {first}" in err
    code, out, _ = cli("approvals", "--json", *sup)
    waiting = {i["number"]: i for i in json.loads(out)}
    assert waiting[second]["replaces"] == first and waiting[second]["waiver"] == 0
    code, out, _ = cli("--lang", "zh_CN", "approvals", *sup)
    (line,) = [line for line in out.splitlines() if second in line]
    assert line.endswith(f"；将取代已签署的 {first}")
    code, out, _ = cli("approvals", *agent)  # held up on the agent's case: they see it wait
    assert second in out and f"; replaces signed {first}" in out
    code, out, err = cli("agreement", "approve", second, *sup)
    assert code == 0, err
    code, out, _ = cli("approvals", "--json", *sup)
    assert second not in {i["number"] for i in json.loads(out)}


def test_an_edit_after_a_payment_waives_only_what_is_given_away(office: Path, cli) -> None:
    case_no = _free_cases(office, "agent01", 1)[0]
    agent = ["--db", office, "--user", "agent01"]
    start = (_today() + dt.timedelta(days=10)).isoformat()
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "3", "--start", start,
                         *agent)  # fmt: skip
    assert code == 0, err
    number = _number(out)
    code, out, _ = cli("agreement", "show", number, "--json", *agent)
    debt = json.loads(out)["debt"]
    code, _, err = cli("payment", "post", _loan_no(office, case_no), "500", "--yes", *agent)
    assert code == 0, err
    owed = debt - 50_000
    code, out, err = cli("agreement", "edit", number, "--amount", f"{(owed - 10_000) / 100:.2f}",
                         *agent)  # fmt: skip
    assert code == 0, err
    code, out, _ = cli("agreement", "show", number, "--json", *agent)
    shown = json.loads(out)
    assert (shown["debt"], shown["settled"], shown["waiver"]) == (owed, owed - 10_000, 10_000)
    code, out, _ = cli("audit", "list", "--action", "agreement.edit", "--json",
                       "--db", office, "--user", "supervisor")  # fmt: skip
    (entry,) = [e for e in json.loads(out) if e.get("entity_id") == number]
    assert entry["changes"]["waiver"] == [0, 10_000]
    assert entry["changes"]["debt"] == [debt, owed]


def test_a_reason_alone_after_a_payment_rebases_and_says_so(office: Path, cli) -> None:
    """QA s44 #2: the window's edit re-bases a stale draft whatever is changed; the CLI did not
    when only --reason or --capacity was given, and said nothing."""
    case_no = _free_cases(office, "agent01", 1)[0]
    agent = ["--db", office, "--user", "agent01"]
    start = (_today() + dt.timedelta(days=10)).isoformat()
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "3", "--start", start,
                         *agent)  # fmt: skip
    assert code == 0, err
    number = _number(out)
    code, out, _ = cli("agreement", "show", number, "--json", *agent)
    debt = json.loads(out)["debt"]
    loan_no = _loan_no(office, case_no)
    code, _, err = cli("payment", "post", loan_no, "100", "--yes", *agent)
    assert code == 0, err
    owed = debt - 10_000
    code, out, err = cli("--lang", "zh_CN", "agreement", "edit", number, "--reason", "失业",
                         *agent)  # fmt: skip
    assert code == 0, err
    assert f"贷款 {loan_no} 现欠" in out
    code, out, _ = cli("agreement", "show", number, "--json", *agent)
    shown = json.loads(out)
    assert (shown["debt"], shown["settled"], shown["waiver"]) == (owed, owed, 0)
    code, _, err = cli("payment", "post", loan_no, "100", "--yes", *agent)
    assert code == 0, err
    code, out, err = cli("agreement", "edit", number, "--capacity", "can pay monthly", *agent)
    assert code == 0, err
    assert f"Loan {loan_no} now owes" in out and "saved, its terms settle" in out
