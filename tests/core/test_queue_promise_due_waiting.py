"""A case with a promise due on the queue date is due now, not waiting: its next action is the
promise's due date (the day the agent checks or reminds; the promise is judged the day after), as
the Promise-due filter and its "Promise due" factor say, so it is listed with the cases due now,
its Next action cell the plain date and its case page silent about waiting. A promise due tomorrow
waits until tomorrow, the day it falls due — not the day after (found by QA)."""

from __future__ import annotations

import datetime as dt

from app.cases.priority import is_waiting
from app.cases.rebuild import rebuild_queue
from app.contacts import log_contact
from app.models import CaseStatus
from app.queries.case_page import case_detail
from app.queries.cases import queue_rows
from app.queue_row import next_action_words
from tests.core.test_queue_waiting import SHANGHAI, _case, _order, _user, office  # noqa: F401
from tests.office_day import office_today


def _promise(db, loan_no: str, due: dt.date) -> None:  # type: ignore[no-untyped-def]
    """A connected call yesterday at 10:00 on the loan's case, promising 500.00 on `due`."""
    at = dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(10), SHANGHAI)
    with db.session(write_lock=True) as s:
        user = _user(s, "agent01")
        case = _case(s, loan_no)
        case.assigned_agent_id = user.id
        result = log_contact(
            s, user, case.case_no, channel="call", party="borrower", outcome="connected", at=at,
            phone_number=f"+861381234567{loan_no[-1]}", promise=(50_000, due),
        )  # fmt: skip
        assert result.saved, result.verdict


def test_is_waiting_keeps_a_promise_due_on_the_queue_date_with_the_due() -> None:
    day = dt.date(2026, 3, 2)
    after = day + dt.timedelta(days=1)
    assert not is_waiting(after, day, promise_on=day)
    assert is_waiting(after, day, promise_on=after)
    assert is_waiting(after + dt.timedelta(days=1), day, promise_on=after)
    assert is_waiting(after, day)
    assert is_waiting(after, day, held=True, promise_on=day)  # a pause still holds it


def test_a_promise_due_today_is_listed_with_the_due_and_tomorrows_waits(office) -> None:  # noqa: F811
    today = office_today()
    _promise(office, "L1", today)
    _promise(office, "L2", today + dt.timedelta(days=1))
    with office.session() as s:
        rebuild_queue(s, None, today)
        l1, l2 = _case(s, "L1"), _case(s, "L2")
        assert l1.next_action_on == today
        assert not l1.waiting
        assert l1.score_breakdown["action_due"] > 0 and l1.score_breakdown["promise_due"] > 0
        assert l2.waiting and l2.next_action_on == today + dt.timedelta(days=1)
        assert _order(s) == ["L1", "L3", "L2"]
        rows = queue_rows(s, [l1.id, l2.id])
        assert next_action_words(rows[l1.id], "en") == l1.next_action_on.isoformat()
        assert next_action_words(rows[l1.id], "zh_CN") == l1.next_action_on.isoformat()
        tomorrow = (today + dt.timedelta(days=1)).isoformat()
        assert next_action_words(rows[l2.id], "zh_CN") == f"等到 {tomorrow}"
        assert next_action_words(rows[l2.id], "en") == f"Waiting until {tomorrow}"
        boss = _user(s, "supervisor")
        assert case_detail(s, boss, l1.case_no, "en").queue_place is None
        assert case_detail(s, boss, l1.case_no, "zh_CN").queue_place is None
        assert case_detail(s, boss, l2.case_no, "en").queue_place is not None
    with office.session() as s:  # the next day the promise is judged; the case is due again
        rebuild_queue(s, None, today + dt.timedelta(days=1))
        assert not _case(s, "L1").waiting


def test_the_waiting_until_day_is_the_day_the_case_comes_due(office) -> None:  # noqa: F811
    """The day before a promise falls due the case reads "Waiting until <due>"; on the due day it
    is due, its next action that day (not the day after); the next day the promise is judged."""
    due = office_today() + dt.timedelta(days=1)
    _promise(office, "L1", due)
    with office.session() as s:
        rebuild_queue(s, None, due - dt.timedelta(days=1))
        case = _case(s, "L1")
        assert case.waiting and case.next_action_on == due
        row = queue_rows(s, [case.id])[case.id]
        assert next_action_words(row, "en") == f"Waiting until {due.isoformat()}"
        boss = _user(s, "supervisor")
        place = case_detail(s, boss, case.case_no, "en").queue_place
        assert place is not None and place.startswith(f"Waiting until {due.isoformat()}:")
    with office.session() as s:
        boss = _user(s, "supervisor")
        rebuild_queue(s, None, due)
        case = _case(s, "L1")
        assert not case.waiting and case.next_action_on == due
        assert case.score_breakdown["action_due"] > 0
        assert next_action_words(queue_rows(s, [case.id])[case.id], "en") == due.isoformat()
        assert case_detail(s, boss, case.case_no, "zh_CN").queue_place is None
    with office.session() as s:
        rebuild_queue(s, None, due + dt.timedelta(days=1))  # nothing came in: broken
        case = _case(s, "L1")
        assert case.status is CaseStatus.PROMISE_BROKEN and not case.waiting
        assert case.next_action_on == due + dt.timedelta(days=1)
