"""A payment dated before one already posted on its loan goes through the waterfall first, and the
later one is allocated again after it (found by QA: a bank statement that came late paid the
second instalment, and the loan read 21 days past due on a day it was current). Real database;
the figures are the QA round's, worked out by hand (tests/core/ledger_office.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.delinquency import loan_position
from app.cases.payments import preview_allocation
from app.errors import ValidationError
from app.loans.service import post_payment
from app.models import AuditEntry, LoanStatus, Payment
from tests.core.ledger_office import Q1_PAYMENT, Q1_ROWS, build, loan

D = dt.date


@pytest.fixture
def office(db):
    build(db)
    return db


def _state(s, loan_no: str) -> tuple[list, list]:
    """Each instalment's (seq, paid, paid off on) and each payment's (reference, credit,
    [(seq, fee, interest, principal, paid_on, late)])."""
    q = loan(s, loan_no)
    seq = {i.id: i.seq for i in q.instalments}
    instalments = [(i.seq, i.total_paid, i.paid_off_on) for i in q.instalments]
    payments = [
        (
            p.reference,
            p.credit_amount,
            sorted(
                (seq[a.instalment_id], a.fee, a.interest, a.principal, a.paid_on, a.late)
                for a in p.allocations
            ),
        )
        for p in sorted(q.payments, key=lambda p: p.reference or "")
    ]
    return instalments, payments


def _post(db, loan_no: str, amount: int, day: D, ref: str) -> None:
    with db.session() as s:
        post_payment(s, None, loan(s, loan_no), amount, day, reference=ref)


def test_the_on_time_payment_posted_after_a_later_one_pays_the_first_instalment(office):
    _post(office, "Q1", Q1_PAYMENT, D(2026, 12, 1), "LATE-1")
    _post(office, "Q1", Q1_PAYMENT, D(2026, 6, 10), "ONTIME-1")
    (p1, i1), (p2, i2) = Q1_ROWS[0], Q1_ROWS[1]
    with office.sessions() as s:
        instalments, payments = _state(s, "Q1")
        assert instalments[:3] == [
            (1, Q1_PAYMENT, D(2026, 6, 10)),  # paid in full on its due day
            (2, Q1_PAYMENT, D(2026, 12, 1)),
            (3, 0, None),
        ]
        assert payments == [
            ("LATE-1", 0, [(2, 0, i2, p2, D(2026, 12, 1), True)]),
            ("ONTIME-1", 0, [(1, 0, i1, p1, D(2026, 6, 10), False)]),
        ]
        q1 = loan(s, "Q1")
        current = loan_position(s, q1.id, D(2026, 7, 1))
        assert (current.dpd, current.amount_overdue) == (0, 0)
        late = loan_position(s, q1.id, D(2026, 7, 11))  # instalment 2 fell due on 07-10
        assert (late.dpd, late.bucket, late.amount_overdue) == (1, "M1", Q1_PAYMENT)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "payment.reallocate"))
        assert (entry.entity, entry.entity_id) == ("loan", "Q1")
        assert entry.changes == {
            "from": "2026-06-10",
            "posted": ["ONTIME-1"],
            "payments": ["LATE-1"],
        }


def test_the_same_payments_in_either_order_leave_the_same_ledger(office):
    """Q2's two payments of 1,816.66 (exactly instalment 1) on 07-01 and 08-01, entered the
    later first: on 07-15 the loan is current, as when they are entered in date order."""
    _post(office, "Q2", 181_666, D(2026, 8, 1), "QA-A")
    _post(office, "Q2", 181_666, D(2026, 7, 1), "QA-B")
    with office.sessions() as s:
        instalments, payments = _state(s, "Q2")
        assert instalments[:3] == [
            (1, 181_666, D(2026, 7, 1)),
            (2, 179_166, D(2026, 8, 1)),  # 1,666.66 + 125.00
            (3, 2_500, None),  # the 25.00 left over: interest of instalment 3
        ]
        assert payments == [
            (
                "QA-A",
                0,
                [
                    (2, 0, 12_500, 166_666, D(2026, 8, 1), True),
                    (3, 0, 2_500, 0, D(2026, 8, 1), False),
                ],
            ),
            ("QA-B", 0, [(1, 0, 15_000, 166_666, D(2026, 7, 1), True)]),
        ]
        position = loan_position(s, loan(s, "Q2").id, D(2026, 7, 15))
        assert (position.dpd, position.amount_overdue) == (0, 0)


def test_an_ordinary_payment_is_not_reallocated_nor_audited_as_one(office):
    _post(office, "Q1", Q1_PAYMENT, D(2026, 6, 10), "A")
    _post(office, "Q1", 10_000, D(2026, 6, 10), "B")  # the same day, posted after: comes after
    with office.sessions() as s:
        _instalments, payments = _state(s, "Q1")
        assert payments[1] == ("B", 0, [(2, 0, 10_000, 0, D(2026, 6, 10), False)])
        entries = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "loan")).all()
        assert "payment.reallocate" not in entries


def test_credit_moves_to_the_payment_that_is_now_last(office):
    """Q2 owes 10,525.00. 10,475.00 dated 09-01, then 100.00 dated 07-01: in date order the
    100.00 pays interest of instalment 1 and the 09-01 payment pays the loan off with 50.00 over,
    kept as its credit; the loan closes on 09-01, not on 07-01."""
    _post(office, "Q2", 1_047_500, D(2026, 9, 1), "BIG")
    _post(office, "Q2", 10_000, D(2026, 7, 1), "SMALL")
    with office.sessions() as s:
        q2 = loan(s, "Q2")
        assert (q2.status, q2.closed_on, q2.credit_balance) == (
            LoanStatus.PAID,
            D(2026, 9, 1),
            5_000,
        )
        credits = {p.reference: p.credit_amount for p in q2.payments}
        assert credits == {"BIG": 5_000, "SMALL": 0}
        assert all(i.paid_off_on == D(2026, 9, 1) for i in q2.instalments)
        allocated = sum(
            a.fee + a.interest + a.principal for p in q2.payments for a in p.allocations
        )
        assert allocated == 1_052_500
        small = next(p for p in q2.payments if p.reference == "SMALL")
        assert [(a.interest, a.principal) for a in small.allocations] == [(10_000, 0)]


def test_a_paid_loan_still_takes_no_back_dated_payment(office):
    """A loan paid off takes no more payments, whatever their date (as before): the money
    would only be credit; the refusal says so and nothing is written."""
    _post(office, "Q2", 1_052_500, D(2026, 9, 1), "ALL")
    with pytest.raises(ValidationError) as refused, office.session() as s:
        post_payment(s, None, loan(s, "Q2"), 10_000, D(2026, 7, 1), reference="LATE")
    assert str(refused.value) == "Loan Q2 is paid; it takes no more payments."
    with office.sessions() as s:
        assert s.scalar(select(Payment.id).where(Payment.reference == "LATE")) is None


def test_the_preview_of_a_back_dated_payment_shows_what_it_will_pay(office):
    _post(office, "Q1", Q1_PAYMENT, D(2026, 12, 1), "LATE-1")
    (p1, i1), (p2, i2) = Q1_ROWS[0], Q1_ROWS[1]
    with office.sessions() as s:
        q1 = loan(s, "Q1")
        assert preview_allocation(q1, Q1_PAYMENT, D(2026, 6, 10)) == ([(1, 0, i1, p1)], 0)
        assert preview_allocation(q1, Q1_PAYMENT, D(2026, 12, 2)) == ([(2, 0, i2, p2)], 0)
        assert preview_allocation(q1, Q1_PAYMENT) == ([(2, 0, i2, p2)], 0)  # today's balances
