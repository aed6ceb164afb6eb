"""A promise paid only in part is a promise not kept: the case says so and ranks for it, as a
broken one does, and the dashboard's broken promises and the queue's filter behind it count it."""

from __future__ import annotations

import datetime as dt

from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import CaseStatus, PromiseStatus
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from app.queries.dashboard_days import week_start
from tests.core.test_promises import TODAY, _case, _promise, _user, office  # noqa: F401


def _due_in_the_judging_week() -> dt.date:
    """A due date whose judging day (the day after) falls in the same week as the due date."""
    due = TODAY + dt.timedelta(days=2)
    return due + dt.timedelta(days=1) if (due + dt.timedelta(days=1)).weekday() == 0 else due


def test_a_promise_paid_in_part_puts_the_case_among_the_broken_promises(office):  # noqa: F811
    due = _due_in_the_judging_week()
    judged_on = due + dt.timedelta(days=1)
    with office.session() as s:
        sup = _user(s, "supervisor")
        partial = _promise(s, "L1", 50_000, due=due, made=TODAY)
        broken = _promise(s, "L2", 50_000, due=due, made=TODAY)
        record_payment(s, sup, "L1", 100, TODAY, reference="ONE-YUAN")  # 1.00 of 500.00
        rebuild_queue(s, None, judged_on)
        s.refresh(partial)
        s.refresh(broken)
        assert (partial.status, partial.paid_amount) == (PromiseStatus.PARTIAL, 100)
        assert broken.status is PromiseStatus.BROKEN
        short, nothing = _case(s, "L1"), _case(s, "L2")
        # Told and ranked as the case whose borrower paid nothing, not as merely "contacted".
        assert short.status is nothing.status is CaseStatus.PROMISE_BROKEN
        assert short.next_action_on == judged_on
        points = short.score_breakdown["broken_promises"]
        assert points > 0 and points == nothing.score_breakdown["broken_promises"]
        figures = dashboard(s, sup, as_of=judged_on)
        assert figures.promises_broken_this_week == 2
        listed = queue_ids(
            s, sup, QueueFilter(promise_broken_from=week_start(judged_on)), as_of=judged_on
        )
        assert sorted(listed) == sorted([short.id, nothing.id])
