"""From a terminal (found by QA): `payment post` of a payment dated before one posted already
pays the oldest instalment and says which payment was allocated again; with the queue date in the
past, the posted payment's case keeps its figures as of that date in `payment post`, `case show`
and `queue`; `queue --as-of` a day to come shows a would-be case without a number. English and
Chinese. Figures of tests/core/ledger_office.py, worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.cli.main import main
from app.models import Case
from tests.core.ledger_office import build, loan, user
from tests.office_day import months_ago, office_today

FIRST_DUE = months_ago(6, 10)
QUEUE_DATE = months_ago(0, 1) - dt.timedelta(days=1)  # always before today


def _run(db, capsys, lang: str, *args: str) -> str:
    capsys.readouterr()
    code = main(["--lang", lang, "--db", str(db.path), *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


@pytest.fixture
def office(db, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "sup")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    from tests.conftest import TEST_KEY

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    return db


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_earlier_dated_payment_pays_the_oldest_instalment(office, capsys, lang) -> None:
    build(office, first_due=FIRST_DUE)
    later = months_ago(1, 1)  # after instalment 2 fell due
    post = ["payment", "post", "Q1", "1068.99"]
    _run(office, capsys, lang, *post, "--date", later.isoformat(), "--ref", "LATE-1")
    out = _run(office, capsys, lang, *post, "--date", FIRST_DUE.isoformat(), "--ref", "ON-1")
    if lang == "en":
        assert out.splitlines()[:3] == [
            f"Posted 1,068.99 to Q1 on {FIRST_DUE}.",
            "    instalment 1: fees 0.00, interest 125.00, principal 943.99",
            "It is dated before 1 payment posted already (LATE-1): that one was allocated again "
            "after it, in date order.",
        ]
    else:
        assert out.splitlines()[:3] == [
            f"已于 {FIRST_DUE} 为 Q1 登记还款 1,068.99。",
            "    第 1 期：费用 0.00，利息 125.00，本金 943.99",
            "该笔还款的日期早于已登记的 1 笔还款（LATE-1）：这些还款已按日期顺序排在其后重新分配。",
        ]
    # Three weeks after the first due day the loan was current: not in that day's queue.
    day = (FIRST_DUE + dt.timedelta(days=21)).isoformat()
    listed = json.loads(_run(office, capsys, lang, "queue", "--as-of", day, "--json"))
    assert "Q1" not in [c["loan_no"] for c in listed["cases"]]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_posted_payments_case_keeps_the_queue_dates_figures(office, capsys, lang) -> None:
    build(office, first_due=FIRST_DUE, q2_first_due=office_today() + dt.timedelta(days=40))
    with office.session() as s:
        rebuild_queue(s, None)
        settings.put(s, user(s, "sup"), "queue.as_of", QUEUE_DATE.isoformat())
        rebuild_queue(s, None, QUEUE_DATE)
        case_no = s.scalar(select(Case.case_no).where(Case.loan_id == loan(s, "Q1").id))
    out = _run(office, capsys, lang, "payment", "post", "Q1", "100", "--ref", "AS-1")
    dpd = (QUEUE_DATE - FIRST_DUE).days
    shown = _run(office, capsys, lang, "case", "show", case_no).splitlines()[2].strip()
    if lang == "en":
        assert out.splitlines()[-1] == (
            f"Case {case_no}: New, overdue 6,413.94 as of the queue date {QUEUE_DATE}."
        )
        assert shown == (
            f"As of {QUEUE_DATE}: {dpd} days past due (M4+), overdue 6,413.94 (principal "
            "5,813.50, interest 600.44, fees 0.00)."
        )
    else:
        assert out.splitlines()[-1] == (
            f"案件 {case_no}：新案件，截至队列日期 {QUEUE_DATE} 逾期金额 6,413.94。"
        )
        assert shown == (
            f"截至 {QUEUE_DATE}：逾期 {dpd} 天（M4+），逾期金额 6,413.94（本金 5,813.50，"
            "利息 600.44，费用 0.00）。"
        )
    rows = json.loads(_run(office, capsys, lang, "queue", "--json"))["cases"]
    assert [(r["case_no"], r["dpd"], r["amount_overdue"]) for r in rows] == [
        (case_no, dpd, "6413.94")
    ]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_day_to_come_shows_a_would_be_case_without_a_number(office, capsys, lang) -> None:
    """Q1 is overdue today (its case is open); Q2 first falls due in three days: as of ten days
    from now it would have a case, which is not opened and has no number yet."""
    today = office_today()
    build(office, first_due=months_ago(2, 10), q2_first_due=today + dt.timedelta(days=3))
    with office.session() as s:
        rebuild_queue(s, None)
        numbers = set(s.scalars(select(Case.case_no)))
    day = (today + dt.timedelta(days=10)).isoformat()
    out = _run(office, capsys, lang, "queue", "--as-of", day, "--search", "Q2")
    mark, note = (
        ("(not opened)", f"A case marked (not opened) is one the queue would open by {day}")
        if lang == "en"
        else ("（未开案）", f"标为（未开案）的案件是队列到 {day} 时将会开立的案件")
    )
    assert note in out
    (row,) = [line for line in out.splitlines() if " Q2 " in line]
    assert row.startswith(mark) and row.removeprefix(mark).split()[0] == "Q2"
    listed = json.loads(_run(office, capsys, lang, "queue", "--as-of", day, "--json"))["cases"]
    assert {(c["loan_no"], c["case_no"], c["opened"]) for c in listed} == {
        ("Q1", next(iter(numbers)), True),
        ("Q2", None, False),
    }
    with office.sessions() as s:  # nothing was saved
        assert set(s.scalars(select(Case.case_no))) == numbers
