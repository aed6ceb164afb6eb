"""A repayment agreement on a case in legal, from a terminal (found by QA: the case stayed "legal"
with no next action): `queue` gives the plan's next instalment as its next action and the status
Legal; `case show` and `agreement show` say the case stays in legal while the agreement runs,
and that a breach sent it back to legal — in English and Chinese."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from app.models import Agreement, Case, User
from db.store import open_database
from tests import office_day
from tests.cli.test_agreement_cli import _number, office  # noqa: F401 (a fixture)
from tests.cli.test_closure_cli import _free_case
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _first_due


def _queue_row(cli, db: list, case_no: str) -> dict:
    code, out, err = cli("queue", "--search", case_no, "--json", *db)
    assert code == 0, err
    (row,) = json.loads(out)["cases"]
    return row


def test_a_plan_signed_in_legal_is_the_cases_next_action(office: Path, cli) -> None:  # noqa: F811
    case_no, _loan_no, _agent = _free_case(office)
    db = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("case", "legal", case_no, "--reason", "委托律师事务所起诉", *db)
    assert code == 0, err
    assert _queue_row(cli, db, case_no)["next_action_on"] is None

    start = office_day.office_today() + dt.timedelta(days=15)
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "3", "--start",
                         start.isoformat(), "--reason", "法院调解", *db)  # fmt: skip
    assert code == 0, err
    number = _number(out)
    for step in ("approve", "sign"):
        code, out, err = cli("agreement", step, number, *db)
        assert code == 0, err
    database = open_database(office, TEST_KEY)
    try:
        with database.session() as s:
            due = _first_due(s, number, start)
    finally:
        database.close()

    row = _queue_row(cli, db, case_no)
    assert (row["status"], row["next_action_on"]) == ("legal", due.isoformat())
    code, out, err = cli("queue", "--search", case_no, *db)
    assert f"Legal {due.isoformat()}" in " ".join(out.split()), out

    code, out, err = cli("case", "show", case_no, *db)
    assert code == 0, err
    lines = out.splitlines()
    assert "  Legal  " in lines[0]
    assert lines[1].startswith(f"Agreement {number} in force: its next instalment, ")
    assert lines[1].endswith(f"is due on {due.isoformat()}; the case stays in legal."), out
    code, out, err = cli("case", "show", case_no, "--json", *db)
    shown = json.loads(out)
    assert (shown["status"], shown["next_action_on"]) == ("legal", due.isoformat())
    assert shown["legal_note"].startswith(f"Agreement {number} in force")

    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *db)
    lines = out.splitlines()
    assert "法律程序" in lines[0]
    assert lines[1].startswith(f"还款协议 {number} 履行中：下一期 ")
    assert lines[1].endswith(f"应于 {due.isoformat()} 还款；案件仍在法律程序中。"), out

    code, out, err = cli("agreement", "show", number, *db)
    assert (
        f"Case {case_no} stays in legal while this agreement runs: paid as agreed, it closes; "
        "breached, it goes on in legal."
    ) in out.splitlines()


def _breach_in_legal(path: Path, case_no: str) -> tuple[str, dt.date]:
    """A plan signed today on the case (in legal), its first instalment in five days and never
    paid; the queue rebuilt five days after that instalment's due date judges it breached.
    (number, the day of the breach: the day after the due date, which drafting moves off a
    public holiday — from 2027-02-10 to the 11th in the Spring Festival)"""
    from app.agreements import approve, draft_plan, sign
    from app.cases.rebuild import rebuild_queue

    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            today = office_day.office_today()
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            first = today + dt.timedelta(days=5)
            number = draft_plan(s, sup, case_no, count=2, start=first, today=today).agreement_no
            approve(s, sup, number, today=today)
            sign(s, sup, number, today, today=today)
            due = _first_due(s, number, first)
            loan_id = s.scalar(select(Case.loan_id).where(Case.case_no == case_no))
            rebuild_queue(s, None, due + dt.timedelta(days=5), loan_ids=[loan_id])
            status = s.scalar(select(Agreement.status).where(Agreement.agreement_no == number))
            assert status.value == "breached"
    finally:
        database.close()
    return number, due + dt.timedelta(days=1)


def test_a_breach_in_legal_says_the_case_is_back_in_legal(office: Path, cli) -> None:  # noqa: F811
    case_no, _loan_no, _agent = _free_case(office)
    db = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("case", "legal", case_no, "--reason", "委托律师事务所起诉", *db)
    assert code == 0, err
    number, day = _breach_in_legal(office, case_no)

    row = _queue_row(cli, db, case_no)
    assert (row["status"], row["next_action_on"]) == ("legal", None)
    code, out, err = cli("case", "show", case_no, *db)
    assert out.splitlines()[1] == (
        f"Agreement {number} was breached on {day.isoformat()}: the case is back in legal."
    )
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *db)
    assert out.splitlines()[1] == f"还款协议 {number} 于 {day.isoformat()} 违约：案件回到法律程序。"
    code, out, err = cli("agreement", "show", number, *db)
    lines = out.splitlines()
    ended = lines.index(
        f"Breached on {day.isoformat()}: an instalment fell due and was not paid in full."
    )
    assert lines[ended + 1] == (
        f"Case {case_no} went back to legal, not to the work queue: the whole debt is owed again."
    )
    code, out, err = cli("--lang", "zh_CN", "agreement", "show", number, *db)
    assert f"案件 {case_no} 已回到法律程序，而非工作队列：全部欠款恢复追偿。" in out.splitlines()
