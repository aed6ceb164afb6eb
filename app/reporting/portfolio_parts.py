"""Parts of the portfolio report: recovery (回收率), promises, agreements, visit cost, by agent and
by product — each one or two grouped SQL queries over the period."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import (
    Case,
    Loan,
    LoanProduct,
    Payment,
    Promise,
    PromiseStatus,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.reporting.holders import holders_before
from app.reporting.period import Period
from app.reporting.positions import BUCKET_ORDER, Snapshots

CHUNK = 500


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class RecoveryRow:
    bucket: str  # bucket the day before the period
    loans: int
    overdue: int
    collected: int

    @property
    def rate(self) -> float | None:
        return rate(self.collected, self.overdue)


@dataclass(frozen=True)
class Recovery:
    loans: int
    overdue: int  # overdue the day before the period starts
    collected: int  # paid in the period on those loans, each capped at its overdue amount
    paid: int  # what those loans paid in the period, uncapped (an overpayment kept as credit out)
    by_bucket: tuple[RecoveryRow, ...]

    @property
    def rate(self) -> float | None:
        return rate(self.collected, self.overdue)


@dataclass(frozen=True)
class PromiseFigures:
    due: int  # promises falling due in the period
    kept: int
    partial: int
    broken: int
    pending: int
    promised: int  # minor units
    paid: int

    @property
    def kept_rate(self) -> float | None:
        return rate(self.kept, self.kept + self.partial + self.broken)


@dataclass(frozen=True)
class VisitFigures:
    """The visits the team went on in the period: completed ones and no-shows."""

    completed: int
    cost: int  # travel cost, minor units, of completed visits and no-shows
    minutes: int  # agents' time recorded on the visits
    recovered: int  # paid on visited loans from the first visit's day to the period's end
    no_shows: int

    @property
    def made(self) -> int:
        return self.completed + self.no_shows

    @property
    def cost_per_recovered(self) -> float | None:
        return rate(self.cost, self.recovered)


@dataclass(frozen=True)
class AgentRow:
    agent: str  # display name; "" for cases assigned to no one
    loans: int  # overdue at the start, in a case assigned to the agent
    overdue: int
    collected: int
    promises_due: int
    promises_kept: int
    visits: int  # visits the agent went on: completed and no-shows
    visit_cost: int  # their share of those visits' travel cost

    @property
    def rate(self) -> float | None:
        return rate(self.collected, self.overdue)


@dataclass(frozen=True)
class ProductRow:
    product: str
    loans_overdue: int  # as of the report date
    overdue: int
    loans_at_start: int
    overdue_at_start: int
    collected: int

    @property
    def rate(self) -> float | None:
        return rate(self.collected, self.overdue_at_start)


@dataclass(frozen=True)
class MoneyGroup:
    """Loans overdue the day before the period, grouped by bucket, agent (the case's holder at
    the period's end) and product."""

    bucket: str
    agent_id: int | None
    product_id: int
    loans: int
    overdue: int
    collected: int  # capped at each loan's overdue amount
    paid: int


def money_groups(session: Session, snapshots: Snapshots, period: Period) -> list[MoneyGroup]:
    """One grouped query feeding the recovery rate, the agents' and the products' money.

    Per loan overdue the day before the period, what it paid in the period and its latest case
    open during it come from index seeks (ix_payment_loan_paid_on, ix_case_loan_id) for that loan
    alone, not from grouping every payment and case of the office. The loan goes to the agent who
    held that case at the period's end (for a case closed in the period, the one it closed with),
    as the assignment history says: reassigning cases later leaves a printed period as it was."""
    start = snapshots.at(period.start - dt.timedelta(days=1))
    p, c = Payment, Case
    paid = (
        select(func.coalesce(func.sum(p.amount - p.credit_amount), 0))
        .where(p.loan_id == start.c.loan_id, p.paid_on >= period.start, p.paid_on <= period.end)
        .scalar_subquery()
    )
    o = aliased(Case)
    latest = (  # the latest case open at some point in the period gets the credit
        select(o.id)
        .where(
            o.loan_id == start.c.loan_id,
            o.opened_on <= period.end,
            or_(o.closed_on.is_(None), o.closed_on >= period.start),
        )
        .order_by(o.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    per_loan = (
        select(
            start.c.bucket, c.case_no, c.assigned_agent_id, Loan.product_id, start.c.overdue, paid
        )
        .join(Loan, Loan.id == start.c.loan_id)
        .outerjoin(c, c.id == latest)
    )
    then = holders_before(session, period.utc_bounds()[1])
    # Summed here: in SQL the capped sum would evaluate the payments subquery a second time.
    groups: dict[tuple[str, int | None, int], list[int]] = {}
    for bucket, case_no, agent_id, product_id, overdue, amount in session.execute(per_loan):
        if case_no in then:
            agent_id = then[case_no]
        row = groups.setdefault((bucket, agent_id, product_id), [0, 0, 0, 0])
        row[0] += 1
        row[1] += overdue
        row[2] += min(amount, overdue)
        row[3] += amount
    return [MoneyGroup(*key, *figures) for key, figures in groups.items()]


def recovery(groups: list[MoneyGroup]) -> Recovery:
    by: dict[str, list[int]] = {}
    for g in groups:
        row = by.setdefault(g.bucket, [0, 0, 0])
        row[0] += g.loans
        row[1] += g.overdue
        row[2] += g.collected
    by_bucket = tuple(RecoveryRow(b, *by[b]) for b in BUCKET_ORDER if b in by)
    return Recovery(
        sum(g.loans for g in groups),
        sum(g.overdue for g in groups),
        sum(g.collected for g in groups),
        sum(g.paid for g in groups),
        by_bucket,
    )


def promise_figures(session: Session, period: Period) -> PromiseFigures:
    counts: dict[PromiseStatus, tuple[int, int, int]] = {}
    for status, count, promised, paid in session.execute(
        select(
            Promise.status, func.count(), func.sum(Promise.amount), func.sum(Promise.paid_amount)
        )
        .where(Promise.due_on >= period.start, Promise.due_on <= period.end)
        .group_by(Promise.status)
    ):
        counts[status] = (int(count), int(promised or 0), int(paid or 0))

    def n(status: PromiseStatus) -> int:
        return counts.get(status, (0, 0, 0))[0]

    return PromiseFigures(
        sum(c[0] for c in counts.values()),
        n(PromiseStatus.KEPT),
        n(PromiseStatus.PARTIAL),
        n(PromiseStatus.BROKEN),
        n(PromiseStatus.PENDING),
        sum(c[1] for c in counts.values()),
        sum(c[2] for c in counts.values()),
    )


@dataclass(frozen=True)
class VisitGoneOn:
    visit_id: int
    loan_id: int
    cost: int  # travel cost, minor units
    minutes: int
    day: dt.date  # office-local day the team went
    no_show: bool


WENT = (VisitStatus.COMPLETED, VisitStatus.NO_SHOW)  # a no-show's trip and hours cost the same


def visits_gone_on(session: Session, period: Period) -> list[VisitGoneOn]:
    """Visits completed or no-show in the period, dated by the day the team went (office time):
    the check-in, else the booked start of a no-show recorded straight from booked (the team was
    at the door then; its check-out time is when the no-show was recorded, maybe days later). The
    compliance report and the case history date visits the same way."""
    low, high = period.utc_bounds()
    zone = zoneinfo.ZoneInfo(period.zone)
    went = func.coalesce(Visit.checked_in_at, Visit.scheduled_start)
    rows = []
    for visit_id, loan_id, cost, minutes, status, checked_in, booked in session.execute(
        select(
            Visit.id,
            Case.loan_id,
            Visit.travel_cost,
            Visit.hours_minutes,
            Visit.status,
            Visit.checked_in_at,
            Visit.scheduled_start,
        )
        .join(Case, Case.id == Visit.case_id)
        .where(Visit.status.in_(WENT), went >= low, went < high)
    ):
        at = checked_in or booked
        assert at is not None  # the query asks for one of them in the period
        day = (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).astimezone(zone).date()
        no_show = status is VisitStatus.NO_SHOW
        rows.append(VisitGoneOn(visit_id, loan_id, int(cost), int(minutes), day, no_show))
    return rows


def visit_figures(session: Session, period: Period) -> VisitFigures:
    visits = visits_gone_on(session, period)
    first: dict[int, dt.date] = {}
    # A no-show starts it too: its cost is in the ratio, so what the loan paid after it is as well.
    for v in visits:
        first[v.loan_id] = min(v.day, first.get(v.loan_id, v.day))
    recovered = 0
    loans = list(first)
    for i in range(0, len(loans), CHUNK):  # visits are few: hundreds a month at most
        chunk = loans[i : i + CHUNK]
        for loan_id, paid_on, amount in session.execute(
            select(Payment.loan_id, Payment.paid_on, Payment.amount - Payment.credit_amount).where(
                Payment.loan_id.in_(chunk),
                Payment.paid_on >= period.start,
                Payment.paid_on <= period.end,
            )
        ):
            if paid_on >= first[loan_id]:
                recovered += int(amount)
    no_shows = sum(1 for v in visits if v.no_show)
    return VisitFigures(
        len(visits) - no_shows,
        sum(v.cost for v in visits),
        sum(v.minutes for v in visits),
        recovered,
        no_shows,
    )


def agent_rows(session: Session, groups: list[MoneyGroup], period: Period) -> list[AgentRow]:
    money: dict[int | None, tuple[int, int, int]] = {}
    for g in groups:
        n, overdue, collected = money.get(g.agent_id, (0, 0, 0))
        money[g.agent_id] = (n + g.loans, overdue + g.overdue, collected + g.collected)
    promises: dict[int | None, tuple[int, int]] = {}
    kept = case((Promise.status == PromiseStatus.KEPT, 1), else_=0)
    for agent_id, due, n_kept in session.execute(
        select(Promise.created_by_id, func.count(), func.sum(kept))
        .where(Promise.due_on >= period.start, Promise.due_on <= period.end)
        .group_by(Promise.created_by_id)
    ):
        promises[agent_id] = (int(due), int(n_kept or 0))
    visits: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    cost = {v.visit_id: v.cost for v in visits_gone_on(session, period)}
    ids = list(cost)
    teams: dict[int, list[int]] = defaultdict(list)
    for i in range(0, len(ids), CHUNK):
        for visit_id, agent_id in session.execute(
            select(VisitAgent.visit_id, VisitAgent.agent_id)
            .where(VisitAgent.visit_id.in_(ids[i : i + CHUNK]))
            .order_by(VisitAgent.visit_id, VisitAgent.agent_id)  # the odd fen to the same agent
        ):
            teams[visit_id].append(agent_id)
    for visit_id, members in teams.items():
        for index, agent_id in enumerate(members):
            share, rest = divmod(cost[visit_id], len(members))
            visits[agent_id][0] += 1
            visits[agent_id][1] += share + (1 if index < rest else 0)  # shares add up exactly
    agent_ids = {a for a in (*money, *promises, *visits) if a is not None}
    names: dict[int, str] = {}
    if agent_ids:
        query = select(User.id, User.display_name).where(User.id.in_(agent_ids))
        names = {user_id: name for user_id, name in session.execute(query)}
    rows = []
    for agent_id in agent_ids:
        n, overdue, collected = money.get(agent_id, (0, 0, 0))
        due, n_kept = promises.get(agent_id, (0, 0))
        count, share = visits.get(agent_id, (0, 0))
        rows.append(
            AgentRow(names.get(agent_id, "?"), n, overdue, collected, due, n_kept, count, share)
        )
    # Most collected first: the order a supervisor reads a team's results in (names alone would
    # sort by code point, which means nothing to a Chinese reader).
    rows.sort(key=lambda a: (-a.collected, -a.overdue, a.agent))
    if None in money:
        n, overdue, collected = money[None]
        rows.append(AgentRow("", n, overdue, collected, 0, 0, 0, 0))
    return rows


def product_rows(
    session: Session,
    snapshots: Snapshots,
    groups: list[MoneyGroup],
    as_of: dt.date,
    lang: str,
) -> list[ProductRow]:
    name = LoanProduct.name_zh if lang == "zh_CN" else LoanProduct.name_en
    now = snapshots.at(as_of)
    current: dict[int, tuple[int, int]] = {}
    for product_id, n, overdue in session.execute(
        select(Loan.product_id, func.count(), func.sum(now.c.overdue))
        .select_from(now)
        .join(Loan, Loan.id == now.c.loan_id)
        .group_by(Loan.product_id)
    ):
        current[product_id] = (int(n), int(overdue or 0))
    before: dict[int, list[int]] = {}
    for g in groups:
        row = before.setdefault(g.product_id, [0, 0, 0])
        row[0] += g.loans
        row[1] += g.overdue
        row[2] += g.collected
    rows = []
    for product_id, product in session.execute(
        select(LoanProduct.id, name).order_by(LoanProduct.id)
    ):
        n_now, overdue_now = current.get(product_id, (0, 0))
        n0, overdue0, collected = before.get(product_id, [0, 0, 0])
        rows.append(ProductRow(product, n_now, overdue_now, n0, overdue0, collected))
    return rows
