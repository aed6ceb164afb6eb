"""Assignment asks who is trained today, whatever the queue date: with a queue date set in the
past, an agent whose course lapsed since was still offered and given cases (their training was
read as of that date), though they may not call today (found checking the dashboard's training
tiles against the page they open)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.cases.assignment import assign_by_rule, assign_cases
from app.errors import CasedeskError
from app.models import Case, CaseStatus, User
from app.office import office_today
from app.queries.cases import agent_choices
from tests.same_office import build_same_office


@pytest.fixture
def office(db):
    build_same_office(db)  # agent02's negotiation course lapsed yesterday
    with db.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        past = office_today(s) - dt.timedelta(days=5)
        settings.put(s, sup, "queue.as_of", past.isoformat())
    return db


def _supervisor(s) -> User:
    return s.scalar(select(User).where(User.username == "supervisor"))


def test_an_agent_lapsed_since_a_past_queue_date_is_not_offered_or_given_cases(office) -> None:
    with office.sessions() as s:
        offered = {a.username: a for a in agent_choices(s)}
        assert not offered["agent02"].phone_ok and offered["agent02"].phone_gap == "lapsed"
        assert offered["agent01"].phone_ok  # expiring today: still valid
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        )
    with office.session() as s, pytest.raises(CasedeskError) as refused:
        assign_cases(s, _supervisor(s), [case_no], "agent02")
    assert "Agent 2" in refused.value.translated("en")
    with office.session() as s:
        for case in s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED)):
            case.assigned_agent_id = None  # the queue's cases all waiting for an agent
    with office.session() as s:
        summary = assign_by_rule(s, _supervisor(s), "round-robin")
        given = set(
            s.scalars(
                select(User.username)
                .join(Case, Case.assigned_agent_id == User.id)
                .where(Case.status != CaseStatus.CLOSED)
            )
        )
    assert summary.assigned > 0 and "agent01" in given and "agent02" not in given
