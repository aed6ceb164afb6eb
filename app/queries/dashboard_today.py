"""What was done today on the cases a user sees: the dashboard's "Contacted today" tile, and the
work queue's list behind it (no Qt). Today is the office's day (its time zone), whatever queue
date a supervisor set: the work logged is real today.

An agent sees their own cases' figures, a supervisor the office's, as the other tiles count."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.models import Case, CaseStatus, ContactAttempt, Outcome, Promise, User, Visit


def day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The local day `day` in `zone` as [start, end) in UTC (23 or 25 hours on a clock change)."""
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time(0), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def logged_on(day: dt.date, zone: str) -> ColumnElement[bool]:
    """A contact attempt logged at a time of the office's day `day`."""
    start, end = day_bounds(day, zone)
    return and_(ContactAttempt.at >= start, ContactAttempt.at < end)


def contacted_on(day: dt.date, zone: str) -> ColumnElement[bool]:
    """A case with a contact attempt logged on the office's day `day` (the queue's filter)."""
    return exists().where(ContactAttempt.case_id == Case.id, logged_on(day, zone))


@dataclass(frozen=True)
class DoneToday:
    """The contacts logged on one office day on the cases a user sees."""

    cases: int  # open cases with a contact logged that day: the list the tile opens
    contacts: int  # contacts logged that day (calls, SMS, letters), on open and closed cases
    conversations: int  # of them, the calls that reached someone
    promises: int  # promises to pay taken in them (a visit's too)


def done_today(session: Session, user: User, day: dt.date, zone: str) -> DoneToday:
    """The contacts logged on the office's day `day` on `user`'s cases (every case for one who
    sees them all)."""
    own = None if can(user, Permission.VIEW_ALL_CASES) else Case.assigned_agent_id == user.id
    attempts = select(ContactAttempt.id, ContactAttempt.outcome).where(logged_on(day, zone))
    if own is not None:
        attempts = attempts.join(Case, Case.id == ContactAttempt.case_id).where(own)
    found = attempts.subquery()
    contacts, conversations = session.execute(
        select(
            func.count(found.c.id),
            func.coalesce(func.sum(case((found.c.outcome == Outcome.CONNECTED, 1), else_=0)), 0),
        )
    ).one()
    # A promise taken at a visit names the visit, not its contact line (app/visits/checkout.py,
    # dated at the check-in, or the booked start of a no-show): counted when that line is.
    start, end = day_bounds(day, zone)
    begun = func.coalesce(Visit.checked_in_at, Visit.scheduled_start)
    visits = select(Visit.id).where(begun >= start, begun < end)
    if own is not None:
        visits = visits.join(Case, Case.id == Visit.case_id).where(own)
    promises = session.scalar(
        select(func.count(Promise.id)).where(
            or_(
                Promise.contact_attempt_id.in_(select(found.c.id)),
                and_(Promise.contact_attempt_id.is_(None), Promise.visit_id.in_(visits)),
            )
        )
    )
    # Read from the day's contacts (the index by time), not by probing every open case.
    cases = (
        select(func.count(func.distinct(ContactAttempt.case_id)))
        .join(Case, Case.id == ContactAttempt.case_id)
        .where(logged_on(day, zone), Case.status != CaseStatus.CLOSED)
    )
    if own is not None:
        cases = cases.where(own)
    return DoneToday(
        cases=int(session.scalar(cases) or 0),
        contacts=int(contacts or 0),
        conversations=int(conversations or 0),
        promises=int(promises or 0),
    )
