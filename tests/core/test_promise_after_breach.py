"""QA s45 qaD, finding 1: a promise taken after a breach on a loan the plan had brought up to
date. The rebuild no longer closes the case as cured while the promise is pending: it stays open
as "Promise", its due date the next action, listed among the promises due on that day. Judged
broken the day after, the case shows "Promise broken", to be worked that day, until the agent's
first contact after its due date; kept, the current loan is cured. A pending promise on an
ordinary current loan holds its case only until the promise is judged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.next_action import promise_holds
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import AgreementStatus, CaseStatus, CloseReason, Promise, PromiseStatus
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from tests.core.test_agreements import _agreement, _case, _user, build_office
from tests.office_day import office_today
from tests.plan_brought_current import SECOND, contact_on, plan_brought_current, promise_on

AMOUNT = SECOND // 2  # half the missed plan money: paid, it does not pay the loan off


@pytest.fixture
def office(db):
    return build_office(db)


def _promised(s, due_on: dt.date) -> None:
    """The breach stands as of today; then the agent's call, logged now as made on the breach's
    day (a past day, whatever the hour), with a promise due `due_on`."""
    number, missed = plan_brought_current(s)
    rebuild_queue(s, None, office_today())
    assert _agreement(s, number).status is AgreementStatus.BREACHED
    assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
    promise_on(s, missed + dt.timedelta(days=1), AMOUNT, due_on)


def _promise(s) -> Promise:
    case_id = _case(s, "L2").id
    return s.scalars(select(Promise).where(Promise.case_id == case_id).order_by(Promise.id)).all()[
        -1
    ]


def test_the_pending_promise_keeps_the_case_open_until_judged_broken(office) -> None:
    with office.session() as s:
        due = office_today() + dt.timedelta(days=3)
        _promised(s, due)
        case = _case(s, "L2")  # the contact's own rebuild did not cure it
        assert (case.status, case.close_reason) == (CaseStatus.PROMISE, None)
        assert case.next_action_on == due
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.PROMISE
        sup = _user(s, "supervisor")
        for day in (due - dt.timedelta(days=1), due):  # waiting, then due
            rebuild_queue(s, None, day)
            assert _case(s, "L2").status is CaseStatus.PROMISE, day
        judged = due + dt.timedelta(days=1)
        rebuild_queue(s, None, judged)
        assert _promise(s).status is PromiseStatus.BROKEN
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.PROMISE_BROKEN, None)
        assert case.next_action_on == judged
        assert queue_ids(s, sup, QueueFilter(status="promise_broken")) == [case.id]
        rebuild_queue(s, None, judged)  # still standing until the agent acts
        assert _case(s, "L2").status is CaseStatus.PROMISE_BROKEN
        contact_on(s, office_today() - dt.timedelta(days=1))  # after it was made, before it broke
        rebuild_queue(s, None, judged)  # one after it broke ends it (test_promise_broken_hold)
        assert _case(s, "L2").status is CaseStatus.PROMISE_BROKEN


def test_listed_among_the_promises_due_today(office) -> None:
    with office.session() as s:
        _promised(s, office_today())
        sup = _user(s, "supervisor")
        case = _case(s, "L2")
        assert case.status is CaseStatus.PROMISE
        assert queue_ids(s, sup, QueueFilter(promise_due_today=True)) == [case.id]
        assert dashboard(s, sup).promises_due_today == 1
        rebuild_queue(s, None, office_today() + dt.timedelta(days=1))
        assert _promise(s).status is PromiseStatus.BROKEN
        assert _case(s, "L2").status is CaseStatus.PROMISE_BROKEN


def test_kept_the_current_loan_is_cured(office) -> None:
    with office.session() as s:
        due = office_today() + dt.timedelta(days=2)
        _promised(s, due)
        record_payment(s, _user(s, "agent01"), "L2", AMOUNT, office_today(), today=office_today())
        rebuild_queue(s, None, due + dt.timedelta(days=1))
        assert _promise(s).status is PromiseStatus.KEPT
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.CURED)


def test_what_a_promise_holds_open() -> None:
    """Pending, any case; judged, only the latest broken after a breach, until a contact after
    its due date."""
    d = office_today()
    breach, made = d - dt.timedelta(days=5), d - dt.timedelta(days=4)
    assert promise_holds(True, None, None, made, made, made)  # pending: until judged
    assert not promise_holds(False, "BROKEN", None, made, made, made)  # no breach: cured as before
    assert promise_holds(False, "BROKEN", breach, made, made, made)
    assert promise_holds(False, "PARTIAL", breach, made, None, made)
    acted = made + dt.timedelta(days=1)
    assert not promise_holds(False, "BROKEN", breach, made, acted, made)  # after it broke
    assert not promise_holds(False, "KEPT", breach, made, made, made)
    assert not promise_holds(False, "BROKEN", made, breach, breach, breach)  # before the breach
