"""A payment through the waterfall in date order, with the payments posted after it on its loan.

The waterfall pays the oldest instalment first; that is by the payment's date. A payment dated
before one already posted on the loan (a bank statement that arrives late, a payment posted by
hand with an earlier date) would, run over today's balances, skip the instalment the later one
already paid and pay a newer one: the instalments' paid-off days, and the days past due of every
day in between, would be wrong, and would depend on the order the payments were entered. So the
loan's payments are put in order — by date, then by posting (id) — and those dated after the new
one are taken back and run through the waterfall again after it, in the same transaction: their
allocations, credit, the instalments' totals and paid-off days, and the loan's closing. The
ordinary payment, dated on or after every one posted, costs one indexed look-up more.

A re-allocation leaves one "payment.reallocate" entry on the loan in the audit trail, naming the
payments whose allocations were made again. The importer does the same for a file's rows
(app/importer/payments.py) with the pure functions of app/loans/allocation.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import audit
from app.i18n import plural
from app.loans.allocation import Allocation, InstalmentBalance, Paying, replay, unwind
from app.models import Instalment, Loan, LoanStatus, Payment, PaymentAllocation, User

NEW = 0  # the replay's key of the payment being posted (stored ids start at 1)


def payment_name(reference: str | None, payment_id: int) -> str:
    """How the audit trail names a payment: its reference, else its number."""
    return reference or f"#{payment_id}"


def later_payments(session: Session, loan_id: int, paid_on: dt.date) -> list[Payment]:
    """The loan's payments dated after `paid_on`, in (date, posting) order, with allocations."""
    return list(
        session.scalars(
            select(Payment)
            .where(Payment.loan_id == loan_id, Payment.paid_on > paid_on)
            .order_by(Payment.paid_on, Payment.id)
            .options(selectinload(Payment.allocations))
        )
    )


def balances_of(instalments: list[Instalment], key_by_seq: bool = False) -> list[InstalmentBalance]:
    return [
        InstalmentBalance(
            i.seq if key_by_seq else i.id,
            i.due_on,
            i.fee_due,
            i.interest_due,
            i.principal_due,
            i.fee_paid,
            i.interest_paid,
            i.principal_paid,
        )
        for i in instalments
    ]


def taken_back(payments: list[Payment], seq_of: dict[int, int] | None = None) -> list[Allocation]:
    """The payments' stored allocations, keyed by instalment id (or by seq, with `seq_of`)."""
    return [
        Allocation(
            seq_of[a.instalment_id] if seq_of else a.instalment_id, a.fee, a.interest, a.principal
        )
        for p in payments
        for a in p.allocations
    ]


def balances_on(session: Session, loan: Loan, paid_on: dt.date) -> list[InstalmentBalance]:
    """The loan's instalments keyed by seq, as the payments dated up to `paid_on` left them:
    what a payment of that date pays (the Post payment dialog's preview); writes nothing."""
    balances = balances_of(loan.instalments, key_by_seq=True)
    later = later_payments(session, loan.id, paid_on)
    if later:
        unwind(balances, taken_back(later, {i.id: i.seq for i in loan.instalments}))
    return balances


def allocate_payment(session: Session, loan: Loan, payment: Payment) -> list[Payment]:
    """Allocate `payment` (new, not yet added) to `loan` by the waterfall, after those dated up
    to its day; the payments dated after it are allocated again after it. Returns those."""
    later = later_payments(session, loan.id, payment.paid_on)
    by_id = {i.id: i for i in loan.instalments}
    balances = balances_of(loan.instalments)
    if later:
        unwind(balances, taken_back(later))
        loan.credit_balance -= sum(p.credit_amount for p in later)
    order = [Paying(NEW, payment.paid_on, payment.amount)]
    order += [Paying(p.id, p.paid_on, p.amount) for p in later]
    found = replay(balances, order)
    for p in [payment, *later]:
        key = NEW if p is payment else p.id
        p.allocations = [
            PaymentAllocation(
                instalment_id=a.key,
                fee=a.fee,
                interest=a.interest,
                principal=a.principal,
                paid_on=p.paid_on,
                late=by_id[a.key].due_on < p.paid_on,
            )
            for a in found.allocations[key]
        ]
        p.credit_amount = found.credit[key]
        loan.credit_balance += p.credit_amount
    for b in balances:
        inst = by_id[b.key]
        paid = (b.fee_paid, b.interest_paid, b.principal_paid)
        if paid != (inst.fee_paid, inst.interest_paid, inst.principal_paid):
            inst.fee_paid, inst.interest_paid, inst.principal_paid = paid
        if b.key in found.paid_off:
            inst.paid_off_on = found.paid_off[b.key]
        elif b.outstanding:
            inst.paid_off_on = None  # paid off only by a payment now allocated elsewhere
    if found.closed_on is not None:
        loan.status, loan.closed_on = LoanStatus.PAID, found.closed_on
    return later


def record_reallocation(
    session: Session, actor: User | None, loan: Loan, payment: Payment, later: list[Payment]
) -> None:
    """The audit entry of a re-allocation: the earlier-dated payment, and those re-allocated."""
    audit.record(
        session,
        actor,
        "payment.reallocate",
        "loan",
        loan.loan_no,
        reallocation_changes(
            payment.paid_on, [payment_name(payment.reference, payment.id)], later_names(later)
        ),
    )


def later_names(later: list[Payment]) -> list[str]:
    return [payment_name(p.reference, p.id) for p in later]


def reallocation_changes(
    paid_on: dt.date, posted: list[str], names: list[str]
) -> dict[str, object]:
    """What a "payment.reallocate" entry records: the day from which the loan's payments were
    allocated again, the payments just posted that are dated before others, and those others
    (posted before, now allocated after them)."""
    return {"from": paid_on.isoformat(), "posted": posted, "payments": names}


def reallocated_words(
    session: Session, loan_id: int, paid_on: dt.date, lang: str | None = None
) -> str | None:
    """Said after posting a payment dated `paid_on` (the window and `payment post`): the
    payments posted already and dated after it, which were allocated again after it; None when
    there are none (the ordinary payment)."""
    names = later_names(later_payments(session, loan_id, paid_on))
    if not names:
        return None
    return plural(
        len(names),
        "It is dated before {count} payment posted already ({payments}): that one was "
        "allocated again after it, in date order.",
        "It is dated before {count} payments posted already ({payments}): they were "
        "allocated again after it, in date order.",
        lang,
        payments=names,
    )
