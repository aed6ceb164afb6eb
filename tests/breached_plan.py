"""A demo office case whose signed plan is breached and nothing done since: the demo's agents act
on every breach the day it comes (its breached plans are all followed by contacts)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app import settings
from app.agreements import approve, draft_plan, sign
from app.auth import authenticate
from app.cases.rebuild import rebuild_queue
from app.models import Agreement, AgreementStatus, Case, CaseStatus


def breach_a_plan(database) -> str:
    """agent01's first new case (never contacted) signs a plan 8 days before the queue date and
    misses its first instalment, 3 days before it; the queue rebuilt. Returns the case number."""
    agent = authenticate(database.sessions, "agent01", "demo")
    supervisor = authenticate(database.sessions, "supervisor", "demo")
    with database.session() as s:
        as_of = settings.as_of(s)
        t0 = as_of - dt.timedelta(days=8)
        case_no = s.scalar(
            select(Case.case_no)
            .where(Case.assigned_agent_id == agent.id, Case.status == CaseStatus.NEW)
            .order_by(Case.id)
        )
        assert case_no is not None
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
