"""`casedesk agreement show` on the demo office: an instalment of an active agreement paid in
full before its due date reads "paid (ahead of its day)" (已提前付清), not "pending", in the text
and in --json; one paid in full on its due date reads "paid" (已还清), not "ahead" (QA: a row due
today and paid today said 已提前付清); `agreement list --json` gives the next instalment still
owed as next_due."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from app.models import Case, User
from app.reporting.period import office_today
from db.store import open_database
from tests.cli.test_agreement_cli import _free_cases, office  # noqa: F401 (a fixture)
from tests.conftest import TEST_KEY


def _signed_and_paid_ahead(path: Path) -> tuple[str, list[tuple[dt.date, int]]]:
    """A 3-instalment plan signed today on a case of agent01, its first instalment paid today."""
    from app.agreements import approve, draft_plan, sign
    from app.cases.payments import record_payment

    case_no = _free_cases(path, "agent01", 1)[0]
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            today = office_today(s)
            agent = s.scalar(select(User).where(User.username == "agent01"))
            loan_no = s.scalar(select(Case).where(Case.case_no == case_no)).loan.loan_no
            drafted = draft_plan(
                s, agent, case_no, count=3, start=today + dt.timedelta(days=20), today=today
            )
            number = drafted.agreement_no
            approve(s, agent, number, today=today)
            sign(s, agent, number, today, today=today)
            plan = [(i.due_on, i.amount) for i in drafted.instalments]
            record_payment(s, agent, loan_no, plan[0][1], today, today=today)
    finally:
        database.close()
    return number, plan


def test_show_says_an_instalment_paid_ahead_is_paid(office: Path, cli) -> None:  # noqa: F811
    number, plan = _signed_and_paid_ahead(office)
    db = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("agreement", "show", number, *db)
    assert code == 0, err
    lines = out.splitlines()
    first = next(line for line in lines if line.lstrip().startswith("1 "))
    assert first.rstrip().endswith("paid (ahead of its day)"), out
    assert f"{plan[0][0]:%Y-%m-%d}" in first
    later = [line for line in lines if line.lstrip()[:2] in ("2 ", "3 ")]
    assert len(later) == 2 and all(line.rstrip().endswith("pending") for line in later), out

    code, out, err = cli("agreement", "show", number, "--json", *db)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["status"] == "active"
    assert [(p["status"], p["paid"]) for p in shown["plan"]] == [
        ("paid_ahead", plan[0][1]),
        ("pending", 0),
        ("pending", 0),
    ]
    code, out, err = cli("agreement", "list", "--json", *db)
    (row,) = [r for r in json.loads(out) if r["agreement_no"] == number]
    assert row["next_due"] == f"{plan[1][0]:%Y-%m-%d}"

    code, out, err = cli("--lang", "zh_CN", "agreement", "show", number, *db)
    assert code == 0, err
    first = next(line for line in out.splitlines() if line.lstrip().startswith("1 "))
    assert first.rstrip().endswith("已提前付清"), out


def test_show_says_an_instalment_paid_on_its_day_is_paid_not_ahead(office: Path, cli) -> None:  # noqa: F811
    from app.agreements import approve, draft_plan, sign
    from app.agreements.plan import PlanRow
    from app.cases.delinquency import loan_position
    from app.cases.payments import record_payment

    case_no = _free_cases(office, "agent01", 1)[0]
    database = open_database(office, TEST_KEY)
    try:
        with database.session() as s:
            today = office_today(s)
            agent = s.scalar(select(User).where(User.username == "agent01"))
            case = s.scalar(select(Case).where(Case.case_no == case_no))
            debt = loan_position(s, case.loan_id, today).outstanding
            rows = [PlanRow(today, 10000), PlanRow(today + dt.timedelta(days=30), debt - 10000)]
            number = draft_plan(s, agent, case_no, rows=rows, today=today).agreement_no
            approve(s, agent, number, today=today)
            sign(s, agent, number, today, today=today)
            record_payment(s, agent, case.loan.loan_no, 10000, today, today=today)
    finally:
        database.close()
    db = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("agreement", "show", number, "--json", *db)
    assert code == 0, err
    assert [p["status"] for p in json.loads(out)["plan"]] == ["paid", "pending"]
    code, out, err = cli("--lang", "zh_CN", "agreement", "show", number, *db)
    assert code == 0, err
    first = next(line for line in out.splitlines() if line.lstrip().startswith("1 "))
    assert first.rstrip().endswith("已还清") and "提前" not in out, out
