"""Contacts logged on the office's today at the edges of its day, for the Contacted today tests
(tests/core/test_dashboard_today.py, tests/ui/test_dashboard_contacted.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select

from app.cases.rebuild import rebuild_queue
from app.models import (
    Case,
    CaseStatus,
    Channel,
    ContactAttempt,
    Outcome,
    Party,
    Promise,
    User,
    VerdictKind,
)
from app.office import office_timezone, office_today
from db.store import Database


def _attempt(case: Case, agent: int, at: dt.datetime, outcome: Outcome) -> ContactAttempt:
    return ContactAttempt(
        case_id=case.id,
        agent_id=agent,
        channel=Channel.CALL,
        party=Party.BORROWER,
        at=at,
        outcome=outcome,
        verdict=VerdictKind.ALLOWED,
    )


def seed_todays_contacts(demo_db: Database) -> Database:
    """The demo office with contacts logged today at the edges of the office's day: two open
    cases of agent01 (a call that reached the borrower with a promise, one not answered), one of
    another agent, one on a closed case; and one a second before the office's midnight."""
    with demo_db.session() as s:
        rebuild_queue(s, None)
    with demo_db.session() as s:
        zone = zoneinfo.ZoneInfo(office_timezone(s))
        midnight = dt.datetime.combine(office_today(s), dt.time(0), zone).astimezone(dt.UTC)
        agent = s.scalar(select(User).where(User.username == "agent01"))
        open_cases = s.scalars(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        ).all()
        own = [c for c in open_cases if c.assigned_agent_id == agent.id][:2]
        other = next(c for c in open_cases if c.assigned_agent_id not in (None, agent.id))
        closed = s.scalar(select(Case).where(Case.status == CaseStatus.CLOSED).limit(1))
        reached = _attempt(own[0], agent.id, midnight, Outcome.CONNECTED)  # the day's first second
        s.add_all(
            [
                reached,
                _attempt(own[1], agent.id, midnight + dt.timedelta(minutes=1), Outcome.NO_ANSWER),
                _attempt(other, other.assigned_agent_id, midnight, Outcome.CONNECTED),
                _attempt(closed, agent.id, midnight, Outcome.NO_ANSWER),
                _attempt(own[1], agent.id, midnight - dt.timedelta(seconds=1), Outcome.CONNECTED),
            ]
        )
        s.flush()
        s.add(Promise(case_id=own[0].id, contact_attempt_id=reached.id, amount=100_00,
                      due_on=office_today(s) + dt.timedelta(days=3)))  # fmt: skip
    return demo_db
