"""The payments already posted that a payments import puts back in date order: on each loan of
the file, those dated after the file's earliest payment for it (app/loans/replay.py says why).
Read in a few queries per few hundred loans; a file of payments dated after every stored one
(the ordinary statement) reads one grouped query and nothing more."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.loans.allocation import Allocation, Replayed
from app.loans.replay import payment_name
from app.models import Payment, PaymentAllocation

CHUNK = 500  # ids per IN (…) query


@dataclass
class StoredPayment:
    id: int
    loan_id: int
    paid_on: dt.date
    amount: int
    credit: int
    name: str  # as the audit trail names it
    allocations: list[Allocation] = field(default_factory=list)


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def stored_after(session: Session, first: dict[int, dt.date]) -> dict[int, list[StoredPayment]]:
    """Per loan, the stored payments dated after `first[loan]`, in (date, id) order."""
    p = Payment
    behind: list[int] = []
    for chunk in _chunks(sorted(first)):
        query = select(p.loan_id, func.max(p.paid_on)).where(p.loan_id.in_(chunk))
        for loan_id, latest in session.execute(query.group_by(p.loan_id)):
            if latest is not None and _date(latest) > first[loan_id]:
                behind.append(loan_id)
    found: dict[int, list[StoredPayment]] = {}
    by_id: dict[int, StoredPayment] = {}
    for chunk in _chunks(behind):
        rows = select(p.id, p.loan_id, p.paid_on, p.amount, p.credit_amount, p.reference)
        for r in session.execute(rows.where(p.loan_id.in_(chunk)).order_by(p.paid_on, p.id)):
            day = _date(r.paid_on)
            if day > first[r.loan_id]:
                one = StoredPayment(
                    r.id, r.loan_id, day, r.amount, r.credit_amount, payment_name(r.reference, r.id)
                )
                found.setdefault(r.loan_id, []).append(one)
                by_id[r.id] = one
    a = PaymentAllocation
    for chunk in _chunks(sorted(by_id)):
        parts = select(a.payment_id, a.instalment_id, a.fee, a.interest, a.principal)
        for q in session.execute(parts.where(a.payment_id.in_(chunk)).order_by(a.id)):
            by_id[q.payment_id].allocations.append(
                Allocation(q.instalment_id, q.fee, q.interest, q.principal)
            )
    return found


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def rewrite(session: Session, redone: list[StoredPayment], credit: dict[int, int]) -> None:
    """Take the re-allocated payments' old allocations away and store their new credit (their
    new allocations are inserted with the file's)."""
    ids = [p.id for p in redone]
    for chunk in _chunks(ids):
        session.execute(delete(PaymentAllocation).where(PaymentAllocation.payment_id.in_(chunk)))
    table: SqlTable = Payment.__table__  # type: ignore[assignment]
    session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(credit_amount=bindparam("b_credit")),
        [{"b_id": pid, "b_credit": credit[pid]} for pid in ids],
    )


def paid_off_refusal(loan_no: str, found: Replayed, in_file: bool) -> ValidationError:
    """The refusal of a row dated after the payment that paid its loan off: one of this file's,
    or one posted already that the file's earlier-dated payments brought to the end."""
    if in_file:
        return ValidationError(
            "Loan {loan_no} is paid off by an earlier payment in this file ({date}); "
            "it takes no more payments.",
            loan_no=loan_no,
            date=found.closed_on,
        )
    return ValidationError(
        "Loan {loan_no} is paid off on {date} by a payment already posted, with this file's "
        "payments dated before it; it takes no more payments.",
        loan_no=loan_no,
        date=found.closed_on,
    )
