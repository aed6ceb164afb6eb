"""Overdue loans as of past dates (bucket and amount), computed set-based in SQL into one
temporary table per date keyed by loan, so the portfolio report's aging, roll rates, recovery,
agents and products reuse a few snapshots instead of re-aggregating 1.4 million instalments.

An instalment was overdue and unpaid at a date D (due before D) in exactly two cases:
  - it is still unpaid now: a row of the partial covering index ix_instalment_unpaid
    (app/models/loan.py, led by the due date), its range due_on < D read alone;
  - payments dated after D paid some of it: those allocations, late ones (the instalment was
    due before the payment's date), read once for all dates from the covering partial index of
    late allocations by payment date (ix_payment_allocation_late).
What was overdue at D = (due - paid now) + what payments dated after D paid. The rules are the
queue's (app/cases/delinquency.py): overdue the day after the due date, DPD from the oldest
unpaid instalment, a loan in legal still owed; tests check the figures loan for loan against
its full-scan positions()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.cases.delinquency import BUCKETS, UNPAID, any_payment_after, on_book, reinstated_over
from app.models import Instalment, Loan, LoanStatus, PaymentAllocation

CURRENT = "current"  # on the book, nothing overdue
CLOSED = "closed"  # no longer on the book at the later date (paid, settled, written off)
WRITTEN_OFF = "written_off"  # of the closed, those written off (a loss, not a cure)
BUCKET_ORDER = (CURRENT, *(name for _, _, name in BUCKETS))


def bucket_expression(oldest: Any, as_of: dt.date) -> Any:
    """The bucket of a loan whose oldest unpaid, already-due instalment fell due on `oldest`.

    DPD = as_of - oldest, so each bucket's upper DPD bound is a lower bound on the date; plain
    date comparisons keep the SQL portable (no julianday or date arithmetic functions)."""
    whens = [
        (oldest >= literal(as_of - dt.timedelta(days=high), Date), name)
        for _low, high, name in BUCKETS
        if high is not None
    ]
    return case(*whens, else_=BUCKETS[-1][2])


def live_on(as_of: dt.date) -> Any:
    """Loans on the book at the end of `as_of` (a loan in legal is still owed; one written off
    then and reinstated since was not)."""
    return and_(Loan.disbursed_on <= as_of, on_book(as_of))


def written_off_by(as_of: dt.date) -> Any:
    """Of the loans not on the book at the end of `as_of`, those written off (not paid or
    settled): written off now, or written off then and reinstated since."""
    return or_(Loan.status == LoanStatus.WRITTEN_OFF, Loan.id.in_(reinstated_over(as_of)))


def _temp_table(session: Session, name: str, *columns: Column[Any]) -> Table:
    table = Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])
    connection = session.connection()
    table.drop(connection, checkfirst=True)
    table.create(connection)
    return table


class Snapshots:
    """One temporary table per date: (loan_id, bucket, overdue) of the loans overdue then.

    `prepare(dates)` builds several dates from one read of the later payments; `at(date)`
    returns a date's table, building it when missing. `close()` drops them all."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.tables: list[Table] = []
        self.by_date: dict[dt.date, Table] = {}
        self.later: Table | None = None
        self.later_since: dt.date | None = None  # `later` holds the payments after this date

    def prepare(self, dates: Iterable[dt.date]) -> None:
        """Build the snapshots of `dates` not built yet, reading later payments only once."""
        wanted = sorted(set(dates) - self.by_date.keys())
        if not wanted:
            return
        later = self._later(wanted[0])
        for day in wanted:
            self.by_date[day] = self._snapshot(day, later)

    def at(self, as_of: dt.date) -> Table:
        if as_of not in self.by_date:
            self.prepare([as_of])
        return self.by_date[as_of]

    def _later(self, since: dt.date) -> Table | None:
        """(loan_id, due_on, paid_on, amount) of every late allocation (to an instalment already
        due when paid) of a payment dated after `since` (None when there is none): what was
        unpaid at `since` or a later date and has been paid since."""
        if self.later_since is not None and self.later_since <= since:
            return self.later
        if not any_payment_after(self.session, since):
            return None  # nor after any later date: the running totals are the truth
        if self.later is not None:
            self.later.drop(self.session.connection())
            self.tables.remove(self.later)
        a, i = PaymentAllocation, Instalment
        later = self._table(
            "report_later",
            Column("loan_id", Integer),
            Column("due_on", Date),
            Column("paid_on", Date),
            Column("amount", BigInteger),
        )
        amount = a.principal + a.interest + a.fee
        # Only a late allocation can matter (D lies between the due date and the payment): the
        # range of the covering partial index of late allocations by date, then only their
        # instalments.
        self.session.execute(
            later.insert().from_select(
                ["loan_id", "due_on", "paid_on", "amount"],
                select(i.loan_id, i.due_on, a.paid_on, amount)
                .select_from(a)
                .join(i, i.id == a.instalment_id)
                .where(a.late, a.paid_on > since, amount > 0),
            )
        )
        self.later, self.later_since = later, since
        return later

    def _snapshot(self, as_of: dt.date, later: Table | None) -> Table:
        i = Instalment
        due = i.principal_due + i.interest_due + i.fee_due
        paid = i.principal_paid + i.interest_paid + i.fee_paid
        # Unpaid today and due before the date, per loan: the range of the partial index led
        # by the due date, read alone (grouped by loan_id + 0, as the queue's overdue pass is,
        # so that SQLite does not walk every instalment in loan order to skip a sort).
        unpaid_loan = i.loan_id + 0
        parts = [
            select(
                unpaid_loan.label("loan_id"),
                func.min(i.due_on).label("due_on"),
                func.sum(due - paid).label("amount"),
            )
            .where(i.due_on < as_of, UNPAID)
            .group_by(unpaid_loan)
        ]
        if later is not None and self.later_since is not None and as_of >= self.later_since:
            # … plus what payments dated after the date paid on instalments due before it.
            parts.append(
                select(later.c.loan_id, later.c.due_on, later.c.amount).where(
                    later.c.paid_on > as_of, later.c.due_on < as_of
                )
            )
        rows = union_all(*parts).subquery("rows")
        # Grouping on an expression keeps SQLite from walking every instalment in loan order
        # (to skip a sort) instead of reading the partial index's range.
        loan_id = (rows.c.loan_id + 0).label("loan_id")
        overdue = (
            select(
                loan_id,
                func.min(rows.c.due_on).label("oldest"),
                func.sum(rows.c.amount).label("overdue"),
            )
            .group_by(loan_id)
            .subquery("overdue")
        )
        table = self._table(
            f"report_overdue_{as_of:%Y%m%d}",
            Column("loan_id", Integer, primary_key=True),
            Column("bucket", String(8)),
            Column("overdue", BigInteger),
        )
        self.session.execute(
            table.insert().from_select(
                ["loan_id", "bucket", "overdue"],
                select(
                    overdue.c.loan_id,
                    bucket_expression(overdue.c.oldest, as_of),
                    overdue.c.overdue,
                )
                .join(Loan, Loan.id == overdue.c.loan_id)
                .where(live_on(as_of)),
            )
        )
        return table

    def _table(self, name: str, *columns: Column[Any]) -> Table:
        table = _temp_table(self.session, name, *columns)
        self.tables.append(table)
        return table

    def close(self) -> None:
        connection = self.session.connection()
        for table in self.tables:
            table.drop(connection, checkfirst=True)
        self.tables.clear()
        self.by_date.clear()
        self.later, self.later_since = None, None
