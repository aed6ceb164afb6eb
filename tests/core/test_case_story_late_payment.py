"""A payment dated before its case opened, posted while the case was open (by hand, or from a late
bank statement), is in the case's story at when it was recorded, saying its date (QA s46: it
lowered the overdue amount and the days past due, yet no story listed it). A payment from before
the case that was recorded before the case was stays the loan's history; one recorded once a
newer case of the loan was opened is that case's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.importer import import_file
from app.loans.closure import REINSTATE, WRITE_OFF, decide
from app.models import Case, Payment
from app.queries.case_page import case_detail
from app.wall_clock import wall_time
from tests.core import importer_files as f
from tests.core import test_agreements
from tests.core.ledger_office import build, loan, user
from tests.core.test_agreements import _case, _today, _user

D = dt.date
TODAY = D(2026, 12, 7)  # the files' import day: Q1's first instalment is due 2026-06-10
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def office(db):
    build(db)
    return db


@pytest.fixture
def agreements_office(db):
    """Three long-overdue loans, L1 to L3, each with its open case."""
    return test_agreements.build_office(db)


def _import(db, tmp_path, name: str, rows: list[list[str]]) -> None:
    path = f.write_csv(tmp_path / name, f.PAYMENT_ZH, rows)
    with db.session() as s:
        done = import_file(s, user(s, "admin"), "payments", path, today=TODAY, rebuild=False)
    assert done.ok, done.errors


def _recorded(s, reference: str) -> str:
    """The office-local day the payment was recorded on (the clock's, not a fixed day)."""
    at = s.scalar(select(Payment.created_at).where(Payment.reference == reference))
    return wall_time(at, SHANGHAI, "%Y-%m-%d")


def _payments(s, case_no: str, lang: str = "en") -> list[tuple[str, str]]:
    story = case_detail(s, user(s, "sup"), case_no, lang).timeline
    return [(i.title, i.detail) for i in story if i.kind == "payment"]


def test_a_payment_dated_before_the_case_opened_is_in_its_story(office, tmp_path) -> None:
    # Paid on time before the case, recorded before it: the loan's history.
    _import(office, tmp_path, "history.csv", [["Q1", "2026-06-10", "1,068.99", "HIST-1", ""]])
    with office.session() as s:
        rebuild_queue(s, None)  # July's instalment unpaid: the case opens, on the office's day
        case = s.scalar(select(Case).where(Case.loan_id == loan(s, "Q1").id))
        case_no = case.case_no
        assert case.opened_on == D(2026, 7, 11)
        assert _payments(s, case_no) == []
    with office.session() as s:  # posted by hand, dated before the case opened
        record_payment(s, user(s, "sup"), "Q1", 106_899, D(2026, 7, 8), reference="TX-LATE")
    # A late bank statement, dated before that.
    _import(office, tmp_path, "late.csv", [["Q1", "2026-07-05", "1,068.99", "BANK-LATE", ""]])
    with office.sessions() as s:
        hand, bank = _recorded(s, "TX-LATE"), _recorded(s, "BANK-LATE")
        assert _payments(s, case_no) == [  # newest first: the statement was recorded last
            (
                "Payment 1,068.99 (transfer) recorded "
                f"{bank}, dated 2026-07-05, before the case opened",
                "BANK-LATE",
            ),
            (
                f"Payment 1,068.99 (transfer) recorded {hand}, dated 2026-07-08, "
                "before the case opened",
                "TX-LATE",
            ),
        ]
        assert _payments(s, case_no, "zh_CN")[1] == (
            f"还款 1,068.99（转账）于 {hand} 入账，付款日期 2026-07-08，早于立案",
            "TX-LATE",
        )
        story = case_detail(s, user(s, "sup"), case_no).timeline
        recorded = s.scalar(select(Payment.created_at).where(Payment.reference == "TX-LATE"))
        line = next(i for i in story if i.detail == "TX-LATE")
        assert line.at == recorded and not line.dated  # at when it was recorded, with its time
        opened = next(i for i in story if i.title == "Case opened")
        assert story.index(line) < story.index(opened)  # newest first: after the opening


def test_a_newer_case_of_the_loan_lists_it_not_the_old_one(agreements_office) -> None:
    """L2 written off and reinstated: a payment then posted, dated before its first case opened,
    changed the new case's figures, not the closed one's."""
    with agreements_office.session() as s:
        sup = _user(s, "supervisor")
        old = _case(s, "L2")
        old_no, paid_on = old.case_no, old.opened_on - dt.timedelta(days=1)
        on, back = _today() - dt.timedelta(days=20), _today() - dt.timedelta(days=5)
        decide(s, sup, old_no, WRITE_OFF, "借款人失联", on=on, today=_today())
        new_no = decide(s, sup, old_no, REINSTATE, "核销有误，恢复催收", today=back).case_no
        record_payment(s, sup, "L2", 50_000, paid_on, reference="TX-OLD", today=_today())
    with agreements_office.sessions() as s:
        sup = _user(s, "supervisor")
        new_story = case_detail(s, sup, new_no).timeline
        titles = [i.title for i in new_story if i.kind == "payment"]
        assert titles == [
            f"Payment 500.00 (transfer) recorded {_recorded(s, 'TX-OLD')}, dated {paid_on}, "
            "before the case opened"
        ]
        old_story = case_detail(s, sup, old_no).timeline
        assert not [i for i in old_story if i.detail == "TX-OLD"]
