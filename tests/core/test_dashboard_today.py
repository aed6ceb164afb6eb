"""The dashboard's Contacted today: the contacts logged on the office's today (its time zone, not
UTC and not the queue date) on the cases a user sees — open cases contacted (the queue's
Contacted today filter lists the same), contacts, conversations (calls that reached someone) and
the promises to pay taken in them. Checked against the contact rows read and judged here."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app import settings
from app.auth import Permission, authenticate, can
from app.cases.rebuild import rebuild_queue
from app.models import (
    Case,
    CaseStatus,
    ContactAttempt,
    Outcome,
    Promise,
    User,
)
from app.office import office_timezone, office_today
from app.queries.cases import QueueFilter, queue_count
from app.queries.dashboard import dashboard
from tests.contacts_today import seed_todays_contacts


def _expected(s, user: User) -> tuple[int, int, int, int]:
    """(open cases, contacts, conversations, promises) from every contact row, judged here."""
    zone = zoneinfo.ZoneInfo(office_timezone(s))
    today = office_today(s)
    rows = s.execute(
        select(ContactAttempt, Case).join(Case, Case.id == ContactAttempt.case_id)
    ).all()
    sees_all = can(user, Permission.VIEW_ALL_CASES)
    todays = [
        (a, c)
        for a, c in rows
        if a.at.astimezone(zone).date() == today and (sees_all or c.assigned_agent_id == user.id)
    ]
    promised = set(s.scalars(select(Promise.contact_attempt_id)))
    return (
        len({c.id for a, c in todays if c.status != CaseStatus.CLOSED}),
        len(todays),
        sum(1 for a, _c in todays if a.outcome == Outcome.CONNECTED),
        sum(1 for a, _c in todays if a.id in promised),
    )


@pytest.fixture
def office(demo_db):
    return seed_todays_contacts(demo_db)


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_contacted_today_counts_the_office_day_on_the_cases_one_sees(office, username) -> None:
    with office.sessions() as s:
        user = authenticate(office.sessions, username, "demo")
        done = dashboard(s, user).today
        cases, contacts, conversations, promises = _expected(s, user)
        listed = queue_count(s, user, QueueFilter(contacted_today=True))
    assert (done.cases, done.contacts, done.conversations, done.promises) == (
        cases,
        contacts,
        conversations,
        promises,
    )
    assert listed == done.cases  # the tile's list is the queue, filtered
    assert done.cases >= 2 and done.contacts >= 3 and done.conversations >= 1
    assert done.promises >= 1


def test_contacted_today_is_today_whatever_the_queue_date(office) -> None:
    """A supervisor's past queue date moves the queue's figures, not the work logged today."""
    with office.sessions() as s:
        sup = authenticate(office.sessions, "supervisor", "demo")
        before = dashboard(s, sup).today
    with office.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        day = office_today(s) - dt.timedelta(days=5)
        settings.put(s, sup, "queue.as_of", day.isoformat())
        rebuild_queue(s, None, day)
    with office.sessions() as s:
        sup = authenticate(office.sessions, "supervisor", "demo")
        d = dashboard(s, sup)
        assert d.past_queue_date
        assert d.today == before


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_a_promise_taken_at_a_visit_today_is_counted(office, username) -> None:
    """QA: the tile counted a visit's conversation (its contact line) but not the promise taken
    at it, which names the visit, not the line (app/visits/checkout.py)."""
    from app.models import Channel, Party, VerdictKind, Visit, VisitStatus

    with office.sessions() as s:
        user = authenticate(office.sessions, username, "demo")
        before = dashboard(s, user).today
    with office.session() as s:
        zone = zoneinfo.ZoneInfo(office_timezone(s))
        today = office_today(s)
        begun = dt.datetime.combine(today, dt.time(0, 5), zone).astimezone(dt.UTC)
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case = s.scalar(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id == agent.id)
            .order_by(Case.id.desc())
        )
        visit = Visit(
            visit_no="V-TEST-000001",
            case_id=case.id,
            status=VisitStatus.COMPLETED,
            scheduled_start=begun,
            scheduled_end=begun + dt.timedelta(hours=1),
            checked_in_at=begun,
            checked_out_at=begun + dt.timedelta(minutes=50),
        )
        s.add(visit)
        s.flush()
        s.add_all(
            [
                ContactAttempt(case_id=case.id, agent_id=agent.id, channel=Channel.VISIT,
                               party=Party.BORROWER, at=begun, outcome=Outcome.CONNECTED,
                               verdict=VerdictKind.ALLOWED),
                Promise(case_id=case.id, visit_id=visit.id, amount=2_000_00,
                        due_on=today + dt.timedelta(days=10)),
            ]
        )  # fmt: skip
        # A visit on another day, and its promise, are not today's.
        other = Visit(
            visit_no="V-TEST-000002",
            case_id=case.id,
            status=VisitStatus.COMPLETED,
            scheduled_start=begun - dt.timedelta(days=1),
            checked_in_at=begun - dt.timedelta(days=1),
        )
        s.add(other)
        s.flush()
        s.add(Promise(case_id=case.id, visit_id=other.id, amount=500_00, due_on=today))
    with office.sessions() as s:
        user = authenticate(office.sessions, username, "demo")
        after = dashboard(s, user).today
    assert (after.contacts, after.conversations, after.promises) == (
        before.contacts + 1,
        before.conversations + 1,
        before.promises + 1,
    )
