"""A payments file whose rows predate payments already posted (a hand-posted one, or a file
imported before): the importer puts the loan's payments in date order, as posting by hand does,
so two files give what one file with both rows gives (found by QA). Real database; figures of
tests/core/ledger_office.py, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.delinquency import loan_position
from app.i18n import set_language
from app.importer import import_file
from app.loans.service import post_payment
from app.models import AuditEntry, LoanStatus, Payment
from tests.core import importer_files as f
from tests.core.ledger_office import Q1_PAYMENT, Q1_ROWS, build, loan, user
from tests.core.test_payments import late_flags_wrong

D = dt.date
TODAY = D(2026, 12, 7)


@pytest.fixture
def office(db):
    build(db)
    return db


def _import(db, tmp_path, name: str, rows: list[list[str]]):
    path = f.write_csv(tmp_path / name, f.PAYMENT_ZH, rows)
    with db.session() as s:
        return import_file(s, user(s, "admin"), "payments", path, today=TODAY, rebuild=False)


def test_a_second_file_dated_before_the_first_pays_the_oldest_instalment(office, tmp_path):
    first = _import(office, tmp_path, "a.csv", [["Q1", "2026-12-01", "1,068.99", "LATE-1", ""]])
    assert first.ok and "payments re-allocated" not in first.details
    second = _import(office, tmp_path, "b.csv", [["Q1", "2026-06-10", "1,068.99", "ONTIME-1", ""]])
    assert second.ok, second.errors
    assert second.details == {"allocations": 2, "loans paid off": 0, "payments re-allocated": 1}
    (p1, i1), (p2, i2) = Q1_ROWS[0], Q1_ROWS[1]
    with office.sessions() as s:
        q1 = loan(s, "Q1")
        assert [(i.total_paid, i.paid_off_on) for i in q1.instalments[:3]] == [
            (Q1_PAYMENT, D(2026, 6, 10)),
            (Q1_PAYMENT, D(2026, 12, 1)),
            (0, None),
        ]
        parts = {
            p.reference: [(a.interest, a.principal, a.paid_on, a.late) for a in p.allocations]
            for p in q1.payments
        }
        assert parts == {
            "ONTIME-1": [(i1, p1, D(2026, 6, 10), False)],
            "LATE-1": [(i2, p2, D(2026, 12, 1), True)],
        }
        assert (loan_position(s, q1.id, D(2026, 7, 1)).dpd, q1.credit_balance) == (0, 0)
        assert late_flags_wrong(s) == 0
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "payment.reallocate"))
        assert (entry.entity_id, entry.changes) == (
            "Q1",
            {"from": "2026-06-10", "posted": ["ONTIME-1"], "payments": ["LATE-1"]},
        )


def test_two_files_give_what_one_file_gives(office, tmp_path):
    """Q2: 1,816.66 on 08-01 in one file, 1,816.66 on 07-01 in the next; on 07-15 the loan is
    current (the QA round's IMP-A/IMP-B gave 0 in one file, 15 days in two)."""
    assert _import(office, tmp_path, "a.csv", [["Q2", "2026-08-01", "1816.66", "IMP-A", ""]]).ok
    assert _import(office, tmp_path, "b.csv", [["Q2", "2026-07-01", "1816.66", "IMP-B", ""]]).ok
    with office.sessions() as s:
        q2 = loan(s, "Q2")
        assert [(i.total_paid, i.paid_off_on) for i in q2.instalments[:3]] == [
            (181_666, D(2026, 7, 1)),
            (179_166, D(2026, 8, 1)),
            (2_500, None),
        ]
        assert loan_position(s, q2.id, D(2026, 7, 15)).dpd == 0


def test_a_file_around_a_hand_posted_payment(office, tmp_path):
    """A payment posted by hand on 08-01; the file brings one dated 07-01 and one dated 09-01:
    the hand-posted one is allocated again between them."""
    with office.session() as s:
        post_payment(s, None, loan(s, "Q2"), 181_666, D(2026, 8, 1), reference="HAND")
    rows = [["Q2", "2026-09-01", "100.00", "F-2", ""], ["Q2", "2026-07-01", "1816.66", "F-1", ""]]
    report = _import(office, tmp_path, "c.csv", rows)
    assert report.ok and report.details["payments re-allocated"] == 1
    with office.sessions() as s:
        q2 = loan(s, "Q2")
        parts = {
            p.reference: [(a.interest, a.principal, a.paid_on) for a in p.allocations]
            for p in q2.payments
        }
        assert parts == {
            "F-1": [(15_000, 166_666, D(2026, 7, 1))],
            "HAND": [(12_500, 166_666, D(2026, 8, 1)), (2_500, 0, D(2026, 8, 1))],
            "F-2": [(7_500, 2_500, D(2026, 9, 1))],  # the rest of instalment 3's interest first
        }
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "payment.reallocate"))
        assert entry.changes == {
            "from": "2026-07-01",
            "posted": ["F-1", "F-2"],
            "payments": ["HAND"],
        }


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_row_after_the_stored_payment_that_now_pays_the_loan_off_is_refused(
    office, tmp_path, lang
):
    """Q2 owes 10,525.00: 10,475.00 posted on 09-01. The file's 100.00 of 07-01 comes first,
    so the 09-01 payment pays the loan off; the file's 10.00 of 09-15 is refused, by row, and
    nothing is imported."""
    with office.session() as s:
        post_payment(s, None, loan(s, "Q2"), 1_047_500, D(2026, 9, 1), reference="BIG")
    rows = [["Q2", "2026-07-01", "100.00", "SMALL", ""], ["Q2", "2026-09-15", "10.00", "EXTRA", ""]]
    set_language(lang)  # as the CLI's --lang and the window set it
    try:
        report = _import(office, tmp_path, "d.csv", rows)
    finally:
        set_language("en")
    assert not report.ok
    assert [(p.row, p.message) for p in report.errors] == [
        (
            3,
            "Loan Q2 is paid off on 2026-09-01 by a payment already posted, with this file's "
            "payments dated before it; it takes no more payments."
            if lang == "en"
            else "贷款 Q2 已于 2026-09-01 由一笔已登记的还款（连同本文件中日期在其之前的还款）"
            "还清，不再接受还款。",
        )
    ]
    with office.sessions() as s:
        q2 = loan(s, "Q2")
        assert q2.status is LoanStatus.ACTIVE and q2.credit_balance == 0
        assert s.scalars(select(Payment.reference)).all() == ["BIG"]
