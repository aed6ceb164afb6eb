"""The dashboard's figures in a handful of set-based queries: aging, recovery, promises, visits,
complaints near their deadline and training, for the cases the user may see (no Qt). Training
counts the office's today, the rest the queue date (today unless a supervisor set a past one).

Recovery counts payments on loans while they were in collection: a payment dated on or after the
day a case opened on the loan and not after the day it closed. An agent sees their own cases'
figures; training is office-wide (every role may view it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, can
from app.cases.delinquency import BUCKET_NAMES
from app.clock_behind import figures_held, held_heading
from app.i18n import tr
from app.models import (
    PROMISE_NOT_KEPT,
    Case,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    Office,
    Payment,
    Promise,
    PromiseStatus,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.models.base import utcnow
from app.office import office_today
from app.queries.approvals import AGREEMENT, VISIT, waiting_for_approval
from app.queries.dashboard_days import broken_window, month_start, previous_month
from app.queries.dashboard_today import DoneToday, day_bounds, done_today

COMPLAINT_SOON_DAYS = 3  # the Complaints page shows these days left in amber
GRACE_SETTING = "visit.checkout_grace_minutes"
VISIT_OVER = (VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
DEFAULT_GRACE_MINUTES = 30


@dataclass(frozen=True)
class BucketFigure:
    bucket: str
    count: int
    amount: int  # minor units overdue


@dataclass(frozen=True)
class Dashboard:
    """Every figure the dashboard shows, as of one day (and one instant for late check-outs)."""

    as_of: dt.date
    currency: str
    buckets: list[BucketFigure]
    recovered_this_month: int
    recovered_last_month: int  # the whole previous month
    recovered_last_month_to_date: int  # the previous month up to the same day of the month
    daily_this_month: list[int]  # cumulative recovery on day 1 … as_of.day
    daily_last_month: list[int]  # cumulative recovery on each day of the previous month
    promises_due_today: int  # open cases with a pending promise due on training_as_of (today)
    # Open cases with a promise broken in the office's last 7 days ending today: due on one of
    # the 7 days before today (broken when its day ended) and not kept (unpaid or paid in part).
    promises_broken_this_week: int
    visits_today: int  # not cancelled: booked, under way, completed or no-show
    visits_late_checkout: int
    complaints_near_deadline: int  # open, answer due within COMPLAINT_SOON_DAYS or overdue
    training_expiring: int  # agents with a required course expiring (some also lapsed)
    training_lapsed: int  # agents with a required course lapsed or missing
    broken_due_from: dt.date = field(default=dt.date.min)  # broken_window(today)
    broken_due_to: dt.date = field(default=dt.date.min)
    waiting_agreements: int = (
        0  # drafts whose waiver waits for a supervisor (app/queries/approvals)
    )
    waiting_visits: int = 0  # booked visits waiting for approval, when the office requires it
    visits_today_over: int = 0  # of visits_today, those over: completed or no-show
    agreements_breached: int = 0  # open cases "Agreement breached": nothing done since
    # The office's today, later than `as_of` when a supervisor set a queue date in the past:
    # training, promises due today, today's visits and complaint deadlines count it.
    training_as_of: dt.date = dt.date.min
    # The contacts logged on the office's today (not the queue date): the work done today.
    today: DoneToday = field(default_factory=lambda: DoneToday(0, 0, 0, 0))
    # Booked, their time passed with no check-in (app/visits/no_check_in.py): beside the late
    # check-outs, a team not heard from.
    visits_not_checked_in: int = 0
    figures_held: dt.date | None = None  # the aging's day, kept while the clock is behind

    @property
    def past_queue_date(self) -> bool:
        """The figures count a queue date a supervisor set in the past (training: today)."""
        return self.as_of < self.training_as_of

    def days_said(self, lang: str | None = None) -> str | None:
        """Which day counts what, said when a past queue date is set (the window's heading and
        `casedesk dashboard`); None when every figure counts today."""
        if self.figures_held is not None:
            return held_heading(self.as_of, self.figures_held, lang)
        if not self.past_queue_date:
            return None
        return tr(
            "Queue date {date}; training, promises due, visits and complaint deadlines as of "
            "today, {today}",
            lang,
            date=self.as_of.isoformat(),
            today=self.training_as_of.isoformat(),
        )

    @property
    def visits_safety_calls(self) -> int:
        """The visits whose team has not been heard from past the visit's end: under way with no
        check-out, or booked with no check-in (the dashboard's safety-call tile counts them)."""
        return self.visits_late_checkout + self.visits_not_checked_in

    @property
    def visits_today_ahead(self) -> int:
        """Today's visits booked or under way (the rest of `visits_today` are over)."""
        return self.visits_today - self.visits_today_over

    @property
    def overdue_count(self) -> int:
        return sum(b.count for b in self.buckets)

    @property
    def overdue_amount(self) -> int:
        return sum(b.amount for b in self.buckets)


def _own(user: User | None) -> ColumnElement[bool] | None:
    """The case condition for a user who may only see their own cases (None: sees all; no
    user: the whole office, as a report counts)."""
    if user is None or can(user, Permission.VIEW_ALL_CASES):
        return None
    return Case.assigned_agent_id == user.id


def _buckets(session: Session, user: User) -> list[BucketFigure]:
    query = (
        select(Case.bucket, func.count(Case.id), func.coalesce(func.sum(Case.amount_overdue), 0))
        .where(Case.status != CaseStatus.CLOSED, Case.bucket.in_(BUCKET_NAMES))
        .group_by(Case.bucket)
    )
    own = _own(user)
    if own is not None:
        query = query.where(own)
    # int(): PostgreSQL's SUM of an integer column is NUMERIC (a Decimal), which the chart
    # (numpy) refuses; SQLite gives an int.
    found = {b: (int(count), int(amount)) for b, count, amount in session.execute(query)}
    return [BucketFigure(b, *found.get(b, (0, 0))) for b in BUCKET_NAMES]


def _in_collection(user: User | None) -> list[ColumnElement[bool]]:
    """A payment's loan had a case (the user's, for an agent) open on the payment day."""
    found = [
        Case.loan_id == Payment.loan_id,
        Case.opened_on <= Payment.paid_on,
        or_(Case.closed_on.is_(None), Case.closed_on >= Payment.paid_on),
    ]
    own = _own(user)
    return found if own is None else [*found, own]


def _loans_in_collection(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """A cheap pre-filter for `_in_collection`: the loan had a case open at some point between
    `start` and `end`. Lets the database walk payments per loan in collection (the loan, date
    index) instead of every payment of the period."""
    overlapping = select(Case.loan_id).where(
        Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on >= start)
    )
    return Payment.loan_id.in_(overlapping)


RECOVERED = Payment.amount - Payment.credit_amount  # a payment's part that went to the debt


def recovered_by_day(
    session: Session, user: User | None, start: dt.date, end: dt.date
) -> dict[dt.date, int]:
    """Amount collected per day on loans in collection, `start` to `end` inclusive: what went to
    the debt (an overpayment kept as credit is not recovered debt, as the portfolio report has
    it). A loan counts on the days a case of it was open, so a loan that fell overdue during
    the days counts from its case's opening. `user` None: the whole office."""
    query = (
        select(Payment.paid_on, func.sum(RECOVERED))
        .where(
            Payment.paid_on >= start,
            Payment.paid_on <= end,
            _loans_in_collection(start, end),
            exists().where(*_in_collection(user)),
        )
        .group_by(Payment.paid_on)
    )
    return {day: int(amount) for day, amount in session.execute(query)}


def _cumulative(by_day: dict[dt.date, int], start: dt.date, days: int) -> list[int]:
    total, out = 0, []
    for n in range(days):
        total += by_day.get(start + dt.timedelta(days=n), 0)
        out.append(total)
    return out


def _open_cases_with(session: Session, user: User, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count(Case.id)).where(
        Case.status != CaseStatus.CLOSED, exists().where(Promise.case_id == Case.id, *conditions)
    )
    own = _own(user)
    if own is not None:
        query = query.where(own)
    return int(session.scalar(query) or 0)


def _cases_in(session: Session, user: User, status: CaseStatus) -> int:
    """The open cases (the user's, for an agent) the last rebuild left in `status`."""
    query = select(func.count(Case.id)).where(Case.status == status)
    own = _own(user)
    if own is not None:
        query = query.where(own)
    return int(session.scalar(query) or 0)


def _visit_scope(user: User) -> ColumnElement[bool] | None:
    if can(user, Permission.VIEW_ALL_CASES):
        return None
    return exists().where(VisitAgent.visit_id == Visit.id, VisitAgent.agent_id == user.id)


def visits_today_condition(day: dt.date, zone: str) -> ColumnElement[bool]:
    start, end = day_bounds(day, zone)
    return and_(
        Visit.scheduled_start >= start,
        Visit.scheduled_start < end,
        Visit.status != VisitStatus.CANCELLED,
    )


def checkout_grace_minutes(session: Session) -> int:
    """The visits' check-out grace (office setting when the visits module defines one)."""
    if GRACE_SETTING in settings.DEFAULTS:
        return int(settings.get(session, GRACE_SETTING) or 0)
    return DEFAULT_GRACE_MINUTES


def late_checkout_condition(now: dt.datetime, grace_minutes: int) -> ColumnElement[bool]:
    """In progress, past its end plus the grace, not checked out and not resolved."""
    return and_(
        Visit.status == VisitStatus.IN_PROGRESS,
        Visit.scheduled_end < now - dt.timedelta(minutes=grace_minutes),
        Visit.checked_out_at.is_(None),
        Visit.late_checkout_resolved_at.is_(None),
    )


def late_checkouts(session: Session, user: User, now: dt.datetime | None = None) -> int:
    """The visits past their end without check-out that `user` is alerted to (the tile's count;
    the window counts again each minute, as the clock makes visits late)."""
    moment = now or utcnow()
    return _count_visits(
        session, user, late_checkout_condition(moment, checkout_grace_minutes(session))
    )


def not_checked_in_condition(now: dt.datetime) -> ColumnElement[bool]:
    """Booked, its booked end passed with no check-in (app.visits.no_check_in.missed)."""
    return and_(
        Visit.status == VisitStatus.BOOKED,
        Visit.checked_in_at.is_(None),
        Visit.scheduled_end < now,
    )


def not_checked_in(session: Session, user: User, now: dt.datetime | None = None) -> int:
    """The booked visits past their end with no check-in that `user` is told of (the safety-call
    tile counts them beside the late check-outs; its readers, as
    app.visits.no_check_in.missed_check_ins)."""
    return _count_visits(session, user, not_checked_in_condition(now or utcnow()))


def _count_visits(session: Session, user: User, condition: ColumnElement[bool]) -> int:
    query = select(func.count(Visit.id)).where(condition)
    scope = _visit_scope(user)
    if scope is not None:
        query = query.where(scope)
    return int(session.scalar(query) or 0)


def _complaints_near(session: Session, user: User, as_of: dt.date) -> int:
    query = (
        select(func.count(Complaint.id))
        .outerjoin(Case, Case.id == Complaint.case_id)
        .where(
            Complaint.status.in_((ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)),
            Complaint.deadline_on <= as_of + dt.timedelta(days=COMPLAINT_SOON_DAYS),
        )
    )
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(or_(Case.assigned_agent_id == user.id, Complaint.agent_id == user.id))
    return int(session.scalar(query) or 0)


def _training(session: Session, as_of: dt.date) -> tuple[int, int]:
    """(agents with a required course expiring within 30 days, agents with one lapsed or missing)
    — the Agents & training page's filters; an agent may be on both."""
    from app.training.status import in_filter, office_training

    agents = office_training(session, as_of)
    expiring = sum(1 for a in agents if in_filter(a, "expiring"))
    lapsed = sum(1 for a in agents if in_filter(a, "lapsed"))
    return expiring, lapsed


def dashboard(
    session: Session,
    user: User,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Dashboard:
    """The dashboard for `user` as of the office's queue date (or `as_of`) and `now`.

    The queue's figures (aging, recovery) count the queue date; what is real today counts the
    office's today (or `as_of`), not a past queue date: training (who may call and visit now, as
    the Agents & training page, the roster and the rule checks), promises due today and broken
    in the last 7 days (as the rebuild judged them), today's visits and complaints near their
    regulatory deadline (as the Complaints page's days left)."""
    as_of_given, today_on = as_of is not None, as_of or office_today(session)
    as_of = as_of or settings.as_of(session)
    now = now or utcnow()
    office = session.scalar(select(Office).order_by(Office.id).limit(1))
    zone = office.timezone if office else "Asia/Shanghai"
    first, (last_first, last_last) = month_start(as_of), previous_month(as_of)
    by_day = recovered_by_day(session, user, last_first, as_of)
    this_month = _cumulative(by_day, first, as_of.day)
    last_month = _cumulative(by_day, last_first, last_last.day)
    same_day = min(as_of.day, last_last.day)
    broken_from, broken_to = broken_window(today_on)  # the office's days, not the queue date's
    expiring, lapsed = _training(session, today_on)
    waiting = waiting_for_approval(session, user)
    today = visits_today_condition(today_on, zone)
    return Dashboard(
        as_of=as_of,
        currency=office.currency if office else "CNY",
        buckets=_buckets(session, user),
        recovered_this_month=this_month[-1] if this_month else 0,
        recovered_last_month=last_month[-1] if last_month else 0,
        recovered_last_month_to_date=last_month[same_day - 1] if last_month else 0,
        daily_this_month=this_month,
        daily_last_month=last_month,
        promises_due_today=_open_cases_with(
            session, user, Promise.status == PromiseStatus.PENDING, Promise.due_on == today_on
        ),
        promises_broken_this_week=_open_cases_with(
            session,
            user,
            Promise.status.in_(PROMISE_NOT_KEPT),
            Promise.due_on >= broken_from,
            Promise.due_on <= broken_to,
        ),
        visits_today=_count_visits(session, user, today),
        visits_late_checkout=late_checkouts(session, user, now),
        complaints_near_deadline=_complaints_near(session, user, today_on),
        training_expiring=expiring,
        training_lapsed=lapsed,
        broken_due_from=broken_from,
        broken_due_to=broken_to,
        waiting_agreements=sum(1 for w in waiting if w.kind == AGREEMENT),
        waiting_visits=sum(1 for w in waiting if w.kind == VISIT),
        visits_today_over=_count_visits(session, user, and_(today, Visit.status.in_(VISIT_OVER))),
        agreements_breached=_cases_in(session, user, CaseStatus.AGREEMENT_BREACHED),
        training_as_of=today_on,
        today=done_today(session, user, today_on, zone),
        visits_not_checked_in=not_checked_in(session, user, now),
        figures_held=None if as_of_given else figures_held(session),
    )
