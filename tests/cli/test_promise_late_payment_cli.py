"""QA's F1b on the command line: a call logged back-dated with a promise already due is judged
broken at once; `payment post` of a payment dated on its due date then keeps it, and `case show`
says so (it used to stay "Broken; paid 0.00")."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select

from app import settings
from app.models import Case, CaseStatus, Complaint, Loan, LoanStatus, Payment, Promise
from db.store import open_database
from tests.conftest import TEST_KEY


def _candidates(demo_path) -> tuple[dt.date, list[tuple[str, str]]]:
    """The queue's day, and open cases (case, loan) with no promise, no complaint and no payment
    in the last week: a promise made on one five days ago can only be broken."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            today = settings.as_of(s)
            since = today - dt.timedelta(days=7)
            rows = s.execute(
                select(Case.case_no, Loan.loan_no)
                .join(Loan, Loan.id == Case.loan_id)
                .where(
                    Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                    Loan.status == LoanStatus.ACTIVE,
                    Case.amount_overdue > 12_345,
                    ~exists().where(Payment.loan_id == Loan.id, Payment.paid_on >= since),
                    ~exists().where(Promise.case_id == Case.id),
                    ~exists().where(Complaint.case_id == Case.id),
                )
                .order_by(Case.id)
                .limit(20)
            ).all()
            return today, [(case_no, loan_no) for case_no, loan_no in rows]
    finally:
        database.close()


def _promise_line(cli, db: list[str], case_no: str) -> str:
    code, out, err = cli("case", "show", case_no, *db)
    assert code == 0, err
    lines = [line for line in out.splitlines() if "Promise to pay 123.45" in line]
    assert len(lines) == 1, out
    return lines[0]


def _logged(cli, db: list[str], cases: list[tuple[str, str]], at: str, due: dt.date) -> tuple:
    """The first case whose call at `at`, promising 123.45 by `due`, the rules let through."""
    for case_no, loan_no in cases:
        code, _out, _err = cli(
            "contact", "log", case_no, "--channel", "call", "--party", "borrower",
            "--outcome", "connected", "--at", at, "--promise", f"123.45@{due.isoformat()}", *db,
        )  # fmt: skip
        if code == 0:
            return case_no, loan_no
    raise AssertionError("no case in the demo office took the call")


def test_payment_post_keeps_the_promise_judged_broken(cli, demo_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", str(demo_path)]
    today, cases = _candidates(demo_path)
    made, due = today - dt.timedelta(days=5), today - dt.timedelta(days=1)
    case_no, loan_no = _logged(cli, db, cases, f"{made.isoformat()}T10:00+08:00", due)
    assert "Broken; paid 0.00" in _promise_line(cli, db, case_no)

    code, out, err = cli("payment", "post", loan_no, "123.45", "--date", due.isoformat(), *db)
    assert code == 0, err

    assert "Kept; paid 123.45" in _promise_line(cli, db, case_no)
    code, out, _err = cli("case", "show", case_no, *db)
    assert "Promise broken" not in out.splitlines()[0]  # the case's title line
