"""A queue date set in the past moves the queue, not the calendar: complaint deadlines (days left
on the Complaints page, its detail and the dashboard's tile), promises due today (the tile and the
queue's filter it opens) and today's visits (the tile and its list) count the office's today, as
training does; the queue's own figures (buckets, DPD) keep the queue date."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.complaint_detail import complaint_detail
from app.complaint_list import complaints_list
from app.models import Case, Loan, Promise, User, Visit, VisitAgent, VisitStatus
from app.office import office_timezone, office_today
from app.queries.cases import QueueFilter, queue_count
from app.queries.dashboard import dashboard
from app.queries.dashboard_lists import visit_rows
from tests.same_office import DEADLINE_IN, build_same_office

PAST_DAYS = 5


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


@pytest.fixture
def past(db):
    """The edge office with a promise due today and a visit at 10:00 today on L31 (overdue on
    the queue date too), then a queue date PAST_DAYS before today, rebuilt as the window does."""
    build_same_office(db)
    with db.session() as s:
        today = office_today(s)
        case = s.scalar(select(Case).join(Loan).where(Loan.loan_no == "L31"))
        s.add(Promise(case_id=case.id, amount=50_000, due_on=today))
        start = dt.datetime.combine(today, dt.time(10), zoneinfo.ZoneInfo(office_timezone(s)))
        visit = Visit(
            visit_no="VT-TODAY",
            case_id=case.id,
            status=VisitStatus.BOOKED,
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(hours=1),
        )
        visit.agents.append(VisitAgent(agent_id=case.assigned_agent_id, lead=True))
        s.add(visit)
    with db.session() as s:
        day = office_today(s) - dt.timedelta(days=PAST_DAYS)
        settings.put(s, _user(s, "supervisor"), "queue.as_of", day.isoformat())
        rebuild_queue(s, None, day)
    return db


def test_complaint_deadlines_count_today_not_the_queue_date(past) -> None:
    """A regulatory deadline is a real date: days left on the list and the detail, and the tile,
    read as of today (a queue date 5 days back gave 5 more days and one complaint near)."""
    with past.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        assert d.as_of == office_today(s) - dt.timedelta(days=PAST_DAYS)
        rows = complaints_list(s, sup, open_only=True)
        near = complaints_list(s, sup, near_deadline=True)
        details = [complaint_detail(s, sup, r.complaint_no).days_left for r in rows]
    assert sorted(r.days_left for r in rows) == sorted(DEADLINE_IN) == sorted(details)
    assert sorted(r.days_left for r in near) == [-2, 0, 3]
    assert d.complaints_near_deadline == len(near) == 3


def test_promises_due_and_visits_today_count_today(past) -> None:
    """The promise due today is on the tile and in the queue it opens; the visit at 10:00 today
    on the tile and in its list (as of the queue date, neither was 'today')."""
    with past.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        due = queue_count(s, sup, QueueFilter(promise_due_today=True))
        visits = [r.visit_no for r in visit_rows(s, sup, "today")]
    assert d.promises_due_today == due == 1
    assert d.visits_today == len(visits) == 1 and visits == ["VT-TODAY"]
    assert d.past_queue_date and d.training_as_of == d.as_of + dt.timedelta(days=PAST_DAYS)


def test_the_queues_own_figures_keep_the_queue_date(past) -> None:
    """Buckets and days past due are the queue's: as of the queue date (L31 is 26 days past due,
    M1), not today."""
    with past.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        case = s.scalar(select(Case).join(Loan).where(Loan.loan_no == "L31"))
        assert (case.dpd, case.bucket) == (31 - PAST_DAYS, "M1")
        assert sum(b.count for b in d.buckets if b.bucket == "M1") == queue_count(
            s, sup, QueueFilter(bucket="M1")
        )
