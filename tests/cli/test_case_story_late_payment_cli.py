"""`casedesk case show` lists a payment dated before the case opened, posted while it was open, at
when it was recorded and saying its date (QA s46: `payment post … --date` before the opening
lowered the overdue amount and the days past due, and `case show` listed no payment): in the
text, in Chinese, and in --json."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TEST_KEY

REF = "TX-STORY-46"


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], str, str, dt.date]:  # type: ignore[no-untyped-def]
    """The demo office and an open case on an active loan: (--db args, case, loan, a day before
    the case opened and after the loan was paid out)."""
    from app.models import Case, CaseStatus, Loan, LoanStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    with database.sessions() as s:
        case, loan = next(
            (case, loan)
            for case, loan in s.execute(
                select(Case, Loan)
                .join(Loan, Loan.id == Case.loan_id)
                .where(
                    Case.status.not_in([CaseStatus.CLOSED, CaseStatus.LEGAL, CaseStatus.AGREEMENT]),
                    Loan.status == LoanStatus.ACTIVE,
                )
                .order_by(Case.id)
            )
            if case.opened_on - dt.timedelta(days=2) > loan.disbursed_on
        )
        found = (case.case_no, loan.loan_no, case.opened_on - dt.timedelta(days=1))
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], *found


def _recorded(db: list[str]) -> str:
    """The office-local day the payment was recorded on (the clock's, not a fixed day)."""
    from app.models import Payment
    from app.wall_clock import wall_time
    from db.store import open_database

    database = open_database(Path(db[1]), TEST_KEY)
    with database.sessions() as s:
        at = s.scalar(select(Payment.created_at).where(Payment.reference == REF))
    database.close()
    return wall_time(at, zoneinfo.ZoneInfo("Asia/Shanghai"), "%Y-%m-%d")


def test_case_show_lists_a_payment_dated_before_the_case_opened(cli, office) -> None:  # type: ignore[no-untyped-def]
    db, case_no, loan_no, paid_on = office
    code, out, err = cli("case", "show", case_no, *db)
    assert code == 0 and REF not in out
    code, out, err = cli(
        "payment", "post", loan_no, "15", "--date", paid_on, "--ref", REF, "--yes", *db
    )
    assert code == 0, err
    day = _recorded(db)
    code, out, err = cli("case", "show", case_no, *db)
    assert code == 0 and not err
    timeline = out[out.index("Timeline:") :].splitlines()[1:]
    line = next(x for x in timeline if x.endswith(REF))
    title = f"Payment 15.00 (transfer) recorded {day}, dated {paid_on}, before the case opened"
    assert line.startswith(f"    {day} ") and f"  {title}  {REF}" in line  # with its time
    opened = next(i for i, x in enumerate(timeline) if x.endswith("  Case opened"))
    assert timeline.index(line) < opened  # newest first: after the case opened

    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *db)
    assert code == 0 and not err
    said = f"还款 15.00（转账）于 {day} 入账，付款日期 {paid_on}，早于立案  {REF}"
    assert any(x.endswith(said) for x in out.splitlines())

    code, out, err = cli("case", "show", case_no, "--json", *db)
    assert code == 0
    item = next(i for i in json.loads(out)["timeline"] if i["detail"] == REF)
    assert (item["kind"], item["title"], item["dated"]) == ("payment", title, False)
