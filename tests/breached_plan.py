"""A demo office case whose signed plan is breached and nothing done since: the demo's agents act
on every breach the day it comes (its breached plans are all followed by contacts)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select, update

from app import settings
from app.agreements import approve, draft_plan, sign
from app.auth import authenticate
from app.cases.rebuild import rebuild_queue
from app.models import (
    Agreement,
    AgreementStatus,
    Case,
    CaseStatus,
    ContactAttempt,
    Promise,
    User,
    Visit,
)
from app.roles import Role


def breach_a_plan(database) -> str:
    """A case of agent01's with nothing done on it for the last 8 days (their first new one, never
    contacted; else another agent's, or a case worked before: the demo holds no new case on some
    build days, as on 7 or 31 December 2026) signs a plan 8 days before the queue date and misses
    its first instalment, 3 days before it; the queue rebuilt. Returns the case number."""
    supervisor = authenticate(database.sessions, "supervisor", "demo")
    with database.sessions() as s:
        as_of = settings.as_of(s)
        t0 = as_of - dt.timedelta(days=8)
        since = dt.datetime.combine(t0 - dt.timedelta(days=1), dt.time(), dt.UTC)
        found = s.execute(
            select(Case.case_no, User.username)
            .join(User, User.id == Case.assigned_agent_id)
            .where(
                Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                User.role == Role.AGENT,
                ~exists().where(Agreement.case_id == Case.id),
                ~exists().where(ContactAttempt.case_id == Case.id, ContactAttempt.at >= since),
                ~exists().where(Promise.case_id == Case.id),
                ~exists().where(Visit.case_id == Case.id),
            )
            .order_by(Case.status != CaseStatus.NEW, User.username != "agent01", Case.id)
            .limit(1)
        ).first()
    assert found is not None, "the demo office has no case left alone for 8 days"
    case_no, username = found
    agent = authenticate(database.sessions, username, "demo")
    with database.session() as s:
        start = t0 + dt.timedelta(days=5)
        number = draft_plan(s, agent, case_no, count=3, start=start, today=t0).agreement_no
        s.execute(  # as if drafted that day
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(t0, dt.time(2), dt.UTC))
        )
        approve(s, supervisor, number, today=t0)
        sign(s, agent, number, t0, today=t0)
        rebuild_queue(s, None)
        assert s.scalar(select(Agreement.status).where(Agreement.agreement_no == number)) is (
            AgreementStatus.BREACHED
        )
        return case_no
