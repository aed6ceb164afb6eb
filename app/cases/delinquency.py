"""Days past due, bucket and overdue amounts of loans as of a date, computed in SQL.

An instalment is overdue on the day after its due date while any of it is unpaid by payments
dated on or before the as-of date (a payment on the due date is on time). DPD counts the days
since the oldest overdue instalment's due date. Instalments keep running totals of what has
been paid; payments dated after the as-of date are subtracted back, so a look-back costs one
pass over the instalments plus the (few) later payments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from app.models import (
    Case,
    CaseStatus,
    Instalment,
    Loan,
    LoanReinstatement,
    LoanStatus,
    Payment,
    PaymentAllocation,
)

BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (1, 30, "M1"),
    (31, 60, "M2"),
    (61, 90, "M3"),
    (91, 180, "M4+"),
    (181, None, "180+"),
)
BUCKET_NAMES = tuple(name for _, _, name in BUCKETS)
FEW_LOANS = 500  # positions() of up to this many loans reads only their later payments


def bucket_for(dpd: int) -> str:
    for low, high, name in BUCKETS:
        if dpd >= low and (high is None or dpd <= high):
            return name
    return ""


def bucket_range(name: str) -> tuple[int, int | None]:
    for low, high, bucket in BUCKETS:
        if bucket == name:
            return low, high
    from app.errors import ValidationError

    raise ValidationError(
        "Unknown bucket {bucket}; choose one of: {choices}.",
        bucket=name,
        choices=list(BUCKET_NAMES),
    )


@dataclass(frozen=True, slots=True)
class Position:
    loan_id: int
    as_of: dt.date
    oldest_unpaid_due_on: dt.date | None
    overdue_principal: int
    overdue_interest: int
    overdue_fee: int
    outstanding: int  # everything still owed on the schedule, due or not
    outstanding_principal: int

    @property
    def dpd(self) -> int:
        if self.oldest_unpaid_due_on is None:
            return 0
        return (self.as_of - self.oldest_unpaid_due_on).days

    @property
    def bucket(self) -> str:
        return bucket_for(self.dpd)

    @property
    def amount_overdue(self) -> int:
        return self.overdue_principal + self.overdue_interest + self.overdue_fee


def reinstated_over(as_of: dt.date) -> Select[int]:
    """The loans written off at the end of `as_of` and reinstated since (their loan rows no
    longer say so): a few rows at most, read once per query."""
    r = LoanReinstatement
    return select(r.loan_id).where(r.written_off_on <= as_of, r.reinstated_on > as_of)


def on_book(as_of: dt.date) -> ColumnElement[bool]:
    """A loan was owed at the end of `as_of`, as far as its closing goes: not paid, settled or
    written off by then (a loan in legal is still owed), nor written off then and reinstated
    since. Whether it was disbursed by then is the caller's to say."""
    return and_(
        or_(Loan.status.in_([LoanStatus.ACTIVE, LoanStatus.LEGAL]), Loan.closed_on > as_of),
        Loan.id.not_in(reinstated_over(as_of)),
    )


def positions_query(
    as_of: dt.date,
    loan_ids: Iterable[int] | None = None,
    *,
    later_payments: bool = True,
    overdue_or_open_only: bool = False,
) -> Select[*tuple[Any, ...]]:
    """Per-loan figures as of `as_of`; `later_payments=False` skips the correction for payments
    dated after `as_of` (correct, and much cheaper, when there are none);
    `overdue_or_open_only` leaves out loans that are neither overdue nor in an open case."""
    i = Instalment
    ids = None if loan_ids is None else list(loan_ids)
    paid_p: SQLColumnExpression[int] = i.principal_paid
    paid_i: SQLColumnExpression[int] = i.interest_paid
    paid_f: SQLColumnExpression[int] = i.fee_paid
    later = None
    if later_payments:
        paid_since = (
            select(
                PaymentAllocation.instalment_id.label("instalment_id"),
                func.sum(PaymentAllocation.principal).label("p"),
                func.sum(PaymentAllocation.interest).label("i"),
                func.sum(PaymentAllocation.fee).label("f"),
            )
            .select_from(Payment)
            .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .where(Payment.paid_on > as_of)
            .group_by(PaymentAllocation.instalment_id)
        )
        if ids is not None and len(ids) <= FEW_LOANS:
            # A few loans (a case page, a visit sheet, a payment's rebuild): their own later
            # payments by the (loan, date) index, not every payment the office took since (a
            # second a look-back on 100,000 loans). More: one pass beats a long list twice.
            paid_since = paid_since.where(Payment.loan_id.in_(ids))
        later = paid_since.subquery("later")
        paid_p = paid_p - func.coalesce(later.c.p, 0)
        paid_i = paid_i - func.coalesce(later.c.i, 0)
        paid_f = paid_f - func.coalesce(later.c.f, 0)
    unpaid = (i.principal_due - paid_p) + (i.interest_due - paid_i) + (i.fee_due - paid_f)
    is_due = i.due_on < as_of
    live_loans = select(Loan.id).where(Loan.disbursed_on <= as_of, on_book(as_of))
    if ids is not None:
        live_loans = live_loans.where(Loan.id.in_(ids))
    query = select(
        i.loan_id,
        func.min(case((and_(is_due, unpaid > 0), i.due_on))).label("oldest"),
        func.sum(case((is_due, i.principal_due - paid_p), else_=0)).label("op"),
        func.sum(case((is_due, i.interest_due - paid_i), else_=0)).label("oi"),
        func.sum(case((is_due, i.fee_due - paid_f), else_=0)).label("of"),
        func.sum(unpaid).label("outstanding"),
        func.sum(i.principal_due - paid_p).label("outstanding_principal"),
    )
    if later is not None:
        query = query.outerjoin(later, later.c.instalment_id == i.id)
    query = query.where(i.loan_id.in_(live_loans)).group_by(i.loan_id)
    if overdue_or_open_only:
        open_cases = select(Case.loan_id).where(Case.status != CaseStatus.CLOSED)
        oldest = func.min(case((and_(is_due, unpaid > 0), i.due_on)))
        query = query.having(or_(oldest.is_not(None), i.loan_id.in_(open_cases)))
    return query


# An instalment not yet fully paid; the same expression as the partial index's condition
# (app/models/loan.py), so the database can answer from the index alone.
UNPAID = (Instalment.principal_paid + Instalment.interest_paid + Instalment.fee_paid) < (
    Instalment.principal_due + Instalment.interest_due + Instalment.fee_due
)


def any_payment_after(session: Session, as_of: dt.date) -> bool:
    return session.scalar(select(Payment.id).where(Payment.paid_on > as_of).limit(1)) is not None


def positions(
    session: Session,
    as_of: dt.date,
    loan_ids: Iterable[int] | None = None,
    *,
    overdue_or_open_only: bool = False,
) -> Iterator[Position]:
    query = positions_query(
        as_of,
        loan_ids,
        later_payments=any_payment_after(session, as_of),
        overdue_or_open_only=overdue_or_open_only,
    )
    for row in session.execute(query):
        oldest = row.oldest
        if isinstance(oldest, str):  # SQLite returns MIN() over a CASE as text
            oldest = dt.date.fromisoformat(oldest)
        yield Position(
            row.loan_id,
            as_of,
            oldest,
            int(row.op),
            int(row.oi),
            int(row.of),
            int(row.outstanding),
            int(row.outstanding_principal),
        )


def _overdue_query(as_of: dt.date, loan_ids: Iterable[int] | None) -> Select[Any]:
    """The loans overdue as of `as_of` by the instalments' running totals (true when no payment
    is dated after it): (loan id, oldest unpaid due date, principal, interest and fee overdue).

    Only unpaid instalments already due are aggregated: a much smaller pass than positions(),
    answered from a partial index that holds only unpaid instalments.
    """
    i = Instalment
    # Grouped by `loan_id + 0`, not by the column: SQLite then cannot answer the GROUP BY by
    # walking an index in loan order (every instalment of every loan), and reads the range of
    # overdue entries from ix_instalment_unpaid, which is led by the due date, instead.
    loan = i.loan_id + 0
    overdue = (
        select(
            loan.label("loan_id"),
            func.min(i.due_on).label("oldest"),
            func.sum(i.principal_due - i.principal_paid).label("op"),
            func.sum(i.interest_due - i.interest_paid).label("oi"),
            func.sum(i.fee_due - i.fee_paid).label("of"),
        )
        .where(i.due_on < as_of, UNPAID)  # read from the partial index ix_instalment_unpaid
        .group_by(loan)
    )
    if loan_ids is not None:
        overdue = overdue.where(i.loan_id.in_(list(loan_ids)))
    found = overdue.subquery("overdue")
    return select(found).join(Loan, Loan.id == found.c.loan_id).where(on_book(as_of))


def overdue_positions(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> Iterator[Position]:
    """Only loans overdue as of `as_of` (outstanding totals are left 0): with no payment dated
    after `as_of`, from the unpaid instalments already due alone (_overdue_query)."""
    if any_payment_after(session, as_of):
        for p in positions(session, as_of, loan_ids, overdue_or_open_only=True):
            if p.dpd > 0:
                yield p
        return
    query = _overdue_query(as_of, loan_ids)
    for loan_id, oldest, op, oi, of in session.connection().execute(query).all():
        if isinstance(oldest, str):
            oldest = dt.date.fromisoformat(oldest)
        yield Position(loan_id, as_of, oldest, int(op), int(oi), int(of), 0, 0)


# A loan overdue, for the queue rebuild: (oldest unpaid due date, DPD, amount overdue).
Overdue = tuple[dt.date, int, int]


def overdue_figures(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> dict[int, Overdue]:
    """overdue_positions' loans and figures by loan id, as plain tuples: the queue rebuild's.

    A position per loan, its row processed by SQLAlchemy, and its due date parsed and its DPD
    counted again for each, cost a third as much as the query on 20,000 overdue loans: the rows
    are the driver's own (the query compiled with its few constants written in), and each
    distinct due date is read and counted once.
    """
    if any_payment_after(session, as_of):
        return {
            p.loan_id: (p.oldest_unpaid_due_on, p.dpd, p.amount_overdue)  # type: ignore[misc]
            for p in positions(session, as_of, loan_ids, overdue_or_open_only=True)
            if p.dpd > 0
        }
    connection = session.connection()
    query = _overdue_query(as_of, loan_ids)
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    days: dict[Any, tuple[dt.date, int]] = {}  # due date as stored -> (date, DPD)
    found: dict[int, Overdue] = {}
    for loan_id, oldest, op, oi, of in rows:
        try:
            on, dpd = days[oldest]
        except KeyError:
            on = dt.date.fromisoformat(oldest) if isinstance(oldest, str) else oldest
            on, dpd = days[oldest] = on, (as_of - on).days
        found[loan_id] = (on, dpd, int(op) + int(oi) + int(of))
    return found


def loan_position(session: Session, loan_id: int, as_of: dt.date) -> Position:
    found = list(positions(session, as_of, [loan_id]))
    if found:
        return found[0]
    return Position(loan_id, as_of, None, 0, 0, 0, 0, 0)
