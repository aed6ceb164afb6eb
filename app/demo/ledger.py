"""Demo loans: schedules from build_schedule, payment histories through the one waterfall."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from app.cases.delinquency import bucket_for
from app.demo.context import Context, local_to_utc
from app.demo.payer import YUAN, Payer
from app.demo.people import Person
from app.demo.writer import Rows, day_text, names, table_columns, utc_text
from app.loans.allocation import InstalmentBalance, allocate
from app.loans.schedule import add_months, build_schedule
from app.models import (
    Instalment,
    Loan,
    LoanReinstatement,
    LoanStatus,
    Payment,
    PaymentAllocation,
    ScheduleType,
    Segment,
)

# Which products each segment borrows, and the terms and principal range (yuan) per product.
SEGMENT_PRODUCTS = {
    Segment.YOUNG: (("PCL", "CRL"), (0.7, 0.3)),
    Segment.MATURE: (("PCL", "CRL"), (0.55, 0.45)),
    Segment.SMALL_BUSINESS: (("SUL", "PCL"), (0.8, 0.2)),
}
TERMS = {"PCL": (6, 6, 12, 12, 12, 24), "SUL": (12, 12, 24, 36), "CRL": (6, 12, 12, 12, 24)}
PRINCIPAL_YUAN = {"PCL": (5_000, 80_000), "SUL": (50_000, 200_000), "CRL": (10_000, 150_000)}

METHODS = ("transfer", "transfer", "transfer", "card", "alipay", "wechat", "cash")
BOOK_HISTORY_DAYS = 1095  # loans were disbursed over the three years before the as-of date


# The big tables' rows are made in their table's column order, values as SQLite stores them.
LOAN_COLUMNS = table_columns(Loan)
INSTALMENT_COLUMNS = table_columns(Instalment)
PAYMENT_COLUMNS = table_columns(Payment)
ALLOCATION_COLUMNS = table_columns(PaymentAllocation)
SCHEDULE_NAME = names(ScheduleType)
STATUS_NAME = names(LoanStatus)


@lru_cache(maxsize=4096)
def _paid_texts(paid_on: dt.date) -> tuple[str, str]:
    """A payment's date and posting time as stored (bank statements are imported at 18:30)."""
    return day_text(paid_on), utc_text(local_to_utc(paid_on, 18 * 60 + 30))


@lru_cache(maxsize=8192)
def _amounts(principal: int, rate_bp: int, term: int, kind: ScheduleType) -> list[tuple[int, ...]]:
    """(fee, interest, principal) per instalment from build_schedule, whose amounts need no date."""
    # Principals come in whole thousands of yuan, so a build asks for a few thousand distinct
    # schedules at most: each is computed (in Decimal) once instead of once per loan.
    plan = build_schedule(principal, rate_bp, term, kind, dt.date(2000, 1, 1))
    return [(p.fee, p.interest, p.principal) for p in plan]


@lru_cache(maxsize=8192)
def _due_dates(first_due: dt.date, term: int) -> list[tuple[dt.date, str]]:
    """The due dates build_schedule gives (`first_due`, then monthly), with their stored text."""
    return [(day, day_text(day)) for day in (add_months(first_due, k) for k in range(term))]


bucket_of = bucket_for


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    code: str
    rate_bp: int
    schedule: ScheduleType


@dataclass(slots=True)
class LoanFacts:
    """A booked loan's state as of the build date, for the case and activity builders."""

    id: int
    person: Person
    disbursed_on: dt.date
    home_visit_consent: bool
    third_party_consent: bool
    balances: list[InstalmentBalance]
    payments: list[tuple[dt.date, int]] = field(default_factory=list)
    status: LoanStatus = LoanStatus.ACTIVE
    closed_on: dt.date | None = None
    cured: tuple[dt.date, dt.date] | None = None  # (first missed due date, cured on)
    settlement: tuple[dt.date, int, list[tuple[dt.date, int]]] | None = (
        None  # (due missed, debt, pays)
    )
    dpd: int = 0
    first_unpaid_due: dt.date | None = None
    amount_overdue: int = 0
    outstanding: int = 0
    credit: int = 0
    missed_due: dt.date | None = None  # first missed due date of a loan that went bad
    reinstated: tuple[dt.date, dt.date] | None = None  # (written off on, reinstated on)


class LedgerBuilder:
    """Books loans and posts their payments; rows collect here until flush()."""

    def __init__(self, ctx: Context, products: dict[str, Product]) -> None:
        self.ctx, self.products = ctx, products
        self.loans: Rows = []
        self.instalments: Rows = []
        self.payments: Rows = []
        self.allocations: Rows = []
        self.reinstatements: list[dict[str, object]] = []
        self.old_write_offs = 0  # write-offs a month or more before the build date (payer.py)

    def flush(self) -> None:
        """Write the rows made so far, parents first."""
        w = self.ctx.writer
        w.add_rows(Loan, LOAN_COLUMNS, self.loans)
        w.add_rows(Instalment, INSTALMENT_COLUMNS, self.instalments)
        w.add_rows(Payment, PAYMENT_COLUMNS, self.payments)
        w.add_rows(PaymentAllocation, ALLOCATION_COLUMNS, self.allocations)
        w.add(LoanReinstatement, self.reinstatements)
        self.loans, self.instalments, self.payments, self.allocations = [], [], [], []
        self.reinstatements = []

    def disbursement_date(self) -> dt.date:
        """A growing book: recent months see more loans than old ones."""
        age = int(BOOK_HISTORY_DAYS * (1 - self.ctx.rng.random() ** 0.5)) + 1
        return self.ctx.as_of - dt.timedelta(days=age)

    def book(self, person: Person, disbursed_on: dt.date) -> LoanFacts:
        """One loan with its schedule and payment history as of the build date."""
        ctx, rng = self.ctx, self.ctx.rng
        codes, weights = SEGMENT_PRODUCTS[person.segment]
        product = self.products[ctx.weighted(codes, weights)]
        low, high = PRINCIPAL_YUAN[product.code]
        principal = rng.randint(low // 1000, high // 1000) * 1000 * YUAN
        term = ctx.pick(TERMS[product.code])
        first_due = add_months(disbursed_on, 1)
        amounts = _amounts(principal, product.rate_bp, term, product.schedule)
        loan_id = ctx.ids.take("loan")
        first_key = ctx.ids.next.get("instalment", 1)
        ctx.ids.next["instalment"] = first_key + len(amounts)
        dues = _due_dates(first_due, term)
        balances = [
            InstalmentBalance(key, due, fee, interest, principal_)
            for key, (due, _), (fee, interest, principal_) in zip(
                range(first_key, first_key + term), dues, amounts, strict=True
            )
        ]
        facts = LoanFacts(
            loan_id, person, disbursed_on, rng.random() < 0.6, rng.random() < 0.5, balances
        )
        paid_off = Payer(self, facts).run()
        self._finish(facts, paid_off)
        if facts.reinstated is not None:  # no payment since: what it owes was written off
            off, back = facts.reinstated
            self.reinstatements.append(
                {
                    "id": ctx.ids.take("loan_reinstatement"),
                    "loan_id": loan_id,
                    "written_off_on": off,
                    "reinstated_on": back,
                    "owed": facts.outstanding,
                }
            )
        self.loans.extend(
            (
                loan_id,
                f"LN{loan_id:08d}",
                person.id,
                product.id,
                principal,
                product.rate_bp,
                term,
                SCHEDULE_NAME[product.schedule],
                day_text(disbursed_on),
                day_text(first_due),
                facts.home_visit_consent,
                facts.third_party_consent,
                STATUS_NAME[facts.status],
                None if facts.closed_on is None else day_text(facts.closed_on),
                facts.credit,
                utc_text(local_to_utc(disbursed_on, 540 + rng.randrange(480))),
                None,  # legal_at: the legal trail sets it (app/demo/legal_trail.py)
                None,  # legal_ended_at
            )
        )
        out = self.instalments
        for seq, (b, (_, due_text)) in enumerate(zip(balances, dues, strict=True), start=1):
            out += (
                b.key,
                loan_id,
                seq,
                due_text,
                b.principal_due,
                b.interest_due,
                b.fee_due,
                b.principal_paid,
                b.interest_paid,
                b.fee_paid,
                None if (paid := paid_off.get(b.key)) is None else day_text(paid),
            )
        return facts

    def _finish(self, facts: LoanFacts, paid_off: dict[int, dt.date]) -> None:
        """Status and the overdue figures as of the build date, from the balances alone."""
        as_of = self.ctx.as_of
        for b in facts.balances:
            owed = (  # b.outstanding, without the property call
                b.fee_due
                + b.interest_due
                + b.principal_due
                - b.fee_paid
                - b.interest_paid
                - b.principal_paid
            )
            if owed:
                facts.outstanding += owed
                if b.due_on <= as_of:
                    facts.amount_overdue += owed
                if b.due_on < as_of and facts.first_unpaid_due is None:
                    facts.first_unpaid_due = b.due_on
        if facts.first_unpaid_due is not None:
            facts.dpd = (as_of - facts.first_unpaid_due).days
        if facts.outstanding == 0 and facts.status is LoanStatus.ACTIVE:
            facts.status = LoanStatus.PAID
            facts.closed_on = max(paid_off.values())

    def post(self, facts: LoanFacts, amount: int, paid_on: dt.date, start: int) -> None:
        """Post one payment through app.loans.allocation.allocate.

        Only the instalments the amount can reach are handed to the waterfall (from the first
        unpaid one on): the result is the same as handing it all of them, but cheaper.
        """
        ctx, balances = self.ctx, facts.balances
        end, reach, count = start, 0, len(balances)
        while end < count and reach < amount:
            b = balances[end]  # b.outstanding, without the property call (this runs per payment)
            reach += (
                b.fee_due
                + b.interest_due
                + b.principal_due
                - b.fee_paid
                - b.interest_paid
                - b.principal_paid
            )
            end += 1
        allocations, credit = allocate(amount, balances[start:end])
        ids = ctx.ids.next
        payment_id = ids.get("payment", 1)
        first = ids.get("payment_allocation", 1)  # a block of ids, as take() gives
        ids["payment"] = payment_id + 1
        ids["payment_allocation"] = first + len(allocations)
        day, posted = _paid_texts(paid_on)
        if paid_on >= ctx.as_of:  # posted on the build's day: not after the build
            posted = utc_text(ctx.by_build(local_to_utc(paid_on, 18 * 60 + 30)))
        self.payments += (
            payment_id,
            facts.id,
            day,
            amount,
            METHODS[int(ctx.rng.random() * len(METHODS))],  # ctx.pick(METHODS), inlined
            f"DEMO-P{payment_id:07d}",
            f"DEMO-P{payment_id:07d}",  # its reference_key: already in upper case
            credit,
            posted,
            None,
        )
        out = self.allocations
        due = {b.key: b.due_on for b in balances[start:end]}
        for k, a in enumerate(allocations, start=first):
            out += (k, payment_id, a.key, a.fee, a.interest, a.principal, day, due[a.key] < paid_on)
        facts.payments.append((paid_on, amount))
        facts.credit += credit
