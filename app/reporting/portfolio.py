"""The portfolio and recovery report's figures, gathered set-based in SQL as plain data for
reports/portfolio.py: aging as of a date, month-to-month roll rates, recovery rate (回收率),
promises kept, agreements signed and kept, visit cost per amount recovered, by agent and product.

Recovery rate = collected in the period on the loans overdue the day before it starts, each
loan's collection counted up to what it had overdue then, divided by that overdue amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.collector import collector_paused
from app.errors import ValidationError
from app.i18n import tr
from app.models import Loan, User
from app.queries.dashboard import recovered_by_day
from app.reporting.period import (
    Header,
    Period,
    as_date,
    header,
    make_period,
    month_ends,
    not_after_today,
)
from app.reporting.portfolio_agreements import AgreementFigures, agreement_figures
from app.reporting.portfolio_parts import (
    AgentRow,
    ProductRow,
    PromiseFigures,
    Recovery,
    VisitFigures,
    agent_rows,
    money_groups,
    product_rows,
    promise_figures,
    recovery,
    visit_figures,
)
from app.reporting.positions import (
    BUCKET_ORDER,
    CLOSED,
    CURRENT,
    WRITTEN_OFF,
    Snapshots,
    live_on,
    written_off_by,
)
from app.reporting.write_offs import WriteOffs, write_offs


@dataclass(frozen=True)
class AgingRow:
    bucket: str  # "current", "M1" … "180+"
    loans: int
    overdue: int  # minor units due and unpaid


@dataclass(frozen=True)
class RollMatrix:
    """Loans by bucket at one month end (rows) against the next month end (columns)."""

    start: dt.date
    end: dt.date
    counts: dict[str, dict[str, int]]  # from bucket → to bucket (incl. "closed") → loans
    # Of each bucket's "closed" loans, those written off by the end: off the book like a paid
    # loan, but a loss, not a cure (counted apart, so "closed" still means off the book).
    written_off: dict[str, int] = field(default_factory=dict)

    @property
    def month_to_date(self) -> bool:
        """The last matrix of a period that ends within a month: to the period's end, not to a
        month end (a few days' movement, not a month's)."""
        return (self.end + dt.timedelta(days=1)).day != 1

    def total(self, source: str) -> int:
        return sum(self.counts.get(source, {}).values())

    def roll_forward(self, source: str) -> float | None:
        """Share of `source`'s loans that went to a worse bucket; None when it had none, or
        when there is no worse bucket (180+)."""
        total = self.total(source)
        if not total or source not in BUCKET_ORDER or source == BUCKET_ORDER[-1]:
            return None
        rank = BUCKET_ORDER.index(source)
        worse = sum(
            n
            for target, n in self.counts.get(source, {}).items()
            if target in BUCKET_ORDER and BUCKET_ORDER.index(target) > rank
        )
        return worse / total

    def paid_off(self, source: str) -> int:
        """`source`'s loans closed by the end by being paid or settled (not written off)."""
        return self.counts.get(source, {}).get(CLOSED, 0) - self.written_off.get(source, 0)

    def cured(self, source: str) -> float | None:
        """Share of an overdue bucket's loans back to current, paid off or settled; None when it
        had none, and for loans that were current (nothing to cure: staying current is not a
        cure). A loan written off is closed too, but it is a loss, not a cure."""
        total = self.total(source)
        if not total or source == CURRENT:
            return None
        return (self.counts.get(source, {}).get(CURRENT, 0) + self.paid_off(source)) / total


@dataclass
class PortfolioReport:
    header: Header
    period: Period
    as_of: dt.date
    aging: list[AgingRow] = field(default_factory=list)
    rolls: list[RollMatrix] = field(default_factory=list)
    recovery: Recovery | None = None
    # Paid to the debt in the period on every loan while a case of it was open, those that fell
    # overdue during the period included: the dashboard's "Recovered this month" over the period.
    recovered_in_collection: int = 0
    promises: PromiseFigures | None = None
    agreements: AgreementFigures | None = None
    visits: VisitFigures | None = None
    agents: list[AgentRow] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    write_offs: WriteOffs | None = None
    # An empty report's: the day the office's first loan was disbursed (None: no loan yet).
    first_booked: dt.date | None = None

    @property
    def before_the_book(self) -> bool:
        """Empty because no loan had been booked by the as-of date (not because all were
        repaid): the office's first loan came later, or none has come yet."""
        return self.empty and (self.first_booked is None or self.first_booked > self.as_of)

    @property
    def overdue_loans(self) -> int:
        return sum(a.loans for a in self.aging if a.bucket != CURRENT)

    @property
    def empty(self) -> bool:
        """No loan on the book at the date or at a month end compared, nothing overdue at the
        start and nothing happened. A book of loans all current is a portfolio to report (its
        aging and roll rates), not "no data"."""
        happened = (
            (self.promises and self.promises.due)
            or (self.agreements and self.agreements.happened)
            or (self.visits and self.visits.made)
            or (self.write_offs and (self.write_offs.loans or self.write_offs.recovered_loans))
        )
        started = self.recovery.loans if self.recovery else 0
        booked = any(a.loans for a in self.aging) or any(
            m.total(b) for m in self.rolls for b in BUCKET_ORDER
        )
        return not (booked or started or happened)


def aging(session: Session, snapshots: Snapshots, as_of: dt.date) -> list[AgingRow]:
    """Loans per bucket as of the date with the amount overdue; "current" is the rest of the
    book (loans on it that day with nothing overdue)."""
    pos = snapshots.at(as_of)
    found = {
        bucket: AgingRow(bucket, int(n), int(overdue or 0))
        for bucket, n, overdue in session.execute(
            select(pos.c.bucket, func.count(), func.sum(pos.c.overdue)).group_by(pos.c.bucket)
        )
    }
    book = session.scalar(select(func.count()).select_from(Loan).where(live_on(as_of))) or 0
    overdue_loans = sum(row.loans for row in found.values())
    found[CURRENT] = AgingRow(CURRENT, book - overdue_loans, 0)
    return [found.get(b, AgingRow(b, 0, 0)) for b in BUCKET_ORDER]


def roll_matrix(session: Session, snapshots: Snapshots, start: dt.date, end: dt.date) -> RollMatrix:
    """How the loans on the book at one month end moved by the next (one grouped query)."""
    before, after = snapshots.at(start), snapshots.at(end)
    source = func.coalesce(before.c.bucket, CURRENT)
    target = case(
        (after.c.bucket.is_not(None), after.c.bucket),
        (live_on(end), CURRENT),
        (written_off_by(end), WRITTEN_OFF),  # off the book: written off by then
        else_=CLOSED,
    )
    counts: dict[str, dict[str, int]] = {}
    written_off: dict[str, int] = {}
    for frm, to, n in session.execute(
        select(source, target, func.count())
        .select_from(Loan)
        .outerjoin(before, before.c.loan_id == Loan.id)
        .outerjoin(after, after.c.loan_id == Loan.id)
        .where(live_on(start))
        .group_by(source, target)
    ):
        row = counts.setdefault(frm, {})
        if to == WRITTEN_OFF:  # closed, and kept apart from the paid and settled ones
            written_off[frm] = int(n)
            to = CLOSED
        row[to] = row.get(to, 0) + int(n)
    return RollMatrix(start, end, counts, written_off)


def within_period(day: dt.date, period: Period) -> None:
    """Refuse an as-of date outside the period: the aging would sit beside roll rates and
    recovery of other days (an October report aged at November's end)."""
    if not period.start <= day <= period.end:
        raise ValidationError(
            "The as-of date {day} is outside the period {start} to {end}: the aging is taken "
            "on a day of the period.",
            day=f"{day:%Y-%m-%d}",
            start=f"{period.start:%Y-%m-%d}",
            end=f"{period.end:%Y-%m-%d}",
        )


@collector_paused
def portfolio_report(
    session: Session,
    actor: User,
    as_of: object,
    start: object,
    end: object,
    lang: str = "en",
    progress: Callable[[str], None] | None = None,
) -> PortfolioReport:
    """Aging as of `as_of` (a day from start to end); roll rates, recovery and results for the
    days start..end.
    `progress` is told each stage, in the current language (the Reports page shows it)."""
    require(actor, Permission.PRINT_REPORTS)

    def stage(msgid: str, **params: Any) -> None:
        if progress is not None:
            progress(tr(msgid, **params))

    period = make_period(session, start, end)
    day = as_date(as_of, "as-of")
    not_after_today(session, day, "The as-of date {day} is after today ({today}).")
    within_period(day, period)
    report = PortfolioReport(header(session, period), period, day)
    snapshots = Snapshots(session)
    try:
        ends = month_ends(period.start, period.end)
        # Every date the figures compare, built from one read of the payments since the earliest.
        dates = {day, *ends, period.start - dt.timedelta(days=1)}
        stage("Aging the loan book at {count} dates…", count=len(dates))
        snapshots.prepare(dates)
        report.aging = aging(session, snapshots, day)
        stage("Roll rates between month ends…")
        report.rolls = [
            roll_matrix(session, snapshots, a, b) for a, b in zip(ends, ends[1:], strict=False)
        ]
        stage("Recovery by bucket, agent and product…")
        groups = money_groups(session, snapshots, period)
        report.recovery = recovery(groups)
        report.recovered_in_collection = sum(
            recovered_by_day(session, None, period.start, period.end).values()
        )
        report.write_offs = write_offs(session, period)
        report.agents = agent_rows(session, groups, period)
        report.products = product_rows(session, snapshots, groups, day, lang)
    finally:
        snapshots.close()
    stage("Promises, agreements and visits…")
    report.promises = promise_figures(session, period)
    report.agreements = agreement_figures(session, period)
    report.visits = visit_figures(session, period)
    if report.empty:  # before the book began, or after every loan was closed: said apart
        report.first_booked = session.scalar(select(func.min(Loan.disbursed_on)))
    return report
