"""A promise made after a breach on a loan the plan had brought up to date, with a reminder call
before its due date and nothing paid: judged broken, the case shows "Promise broken" (the queue's
status filter, the dashboard's broken-this-week tile) until the agent's first contact after its
due date. The reminder made before the promise broke does not end the hold (found by QA: the
rebuild closed the case as cured the day the promise broke, and the broken promise was never
seen); a contact on the due date itself does not either; one the day after does, and the loan,
still current, cures the case."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.facts import open_cases_query
from app.cases.next_action import promise_holds
from app.cases.rebuild import rebuild_queue
from app.models import CaseStatus, CloseReason, Promise, PromiseStatus
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from tests.core.test_agreements import _case, _user, build_office
from tests.office_day import office_today
from tests.plan_brought_current import SECOND, contact_on, plan_brought_current, promise_on

AMOUNT = SECOND // 2  # half the missed plan money


@pytest.fixture
def office(db):
    return build_office(db)


def broken_after_reminder(s) -> tuple[str, dt.date]:
    """L2's plan breached (its instalment missed 5 days ago); the agent's call the day after the
    breach with a promise due two days later, a reminder letter the day between, nothing paid;
    the queue rebuilt as of today. The case number and the promise's due date (2 days ago)."""
    _, missed = plan_brought_current(s)
    rebuild_queue(s, None, office_today())
    made = missed + dt.timedelta(days=1)
    due = made + dt.timedelta(days=2)
    promise_on(s, made, AMOUNT, due)
    contact_on(s, made + dt.timedelta(days=1))  # the reminder, before the due date
    rebuild_queue(s, None, office_today())
    return _case(s, "L2").case_no, due


def test_a_reminder_before_the_due_date_does_not_end_the_hold(office) -> None:
    with office.session() as s:
        _, due = broken_after_reminder(s)
        promise = s.scalars(select(Promise).where(Promise.case_id == _case(s, "L2").id)).one()
        assert promise.status is PromiseStatus.BROKEN
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.PROMISE_BROKEN, None)
        assert case.next_action_on == office_today()
        sup = _user(s, "supervisor")
        assert queue_ids(s, sup, QueueFilter(status="promise_broken")) == [case.id]
        assert dashboard(s, sup).promises_broken_this_week == 1

        contact_on(s, due)  # on the due date: the promise had not broken yet
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.PROMISE_BROKEN

        contact_on(s, due + dt.timedelta(days=1))  # the day it broke: the agent acts on it
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.CURED)


def test_the_rebuild_reads_the_latest_promises_due_date() -> None:
    """Both forms of the facts query carry it where the rebuild looks (next_action.held_open)."""
    for correlated in (False, True):
        names = [c.name for c in open_cases_query(correlated=correlated).selected_columns]
        assert names.index("last_promise_due") == 26, names


def test_what_ends_a_broken_promises_hold() -> None:
    """Only a contact after the due date: not one on the day it was made, nor a reminder."""
    d = office_today()
    breach, made, due = d - dt.timedelta(days=6), d - dt.timedelta(days=5), d - dt.timedelta(days=2)
    reminder = made + dt.timedelta(days=1)
    for contact in (None, made, reminder, due):
        assert promise_holds(False, "BROKEN", breach, made, contact, due), contact
        assert promise_holds(False, "PARTIAL", breach, made, contact, due), contact
    assert not promise_holds(False, "BROKEN", breach, made, due + dt.timedelta(days=1), due)
    assert not promise_holds(False, "BROKEN", breach, made, d, due)
