"""A case's next action under an agreement in force is the first instalment still owed (found by
QA): an instalment paid in full ahead of its day stays "pending" until the watch judges it on its
day, and the queue, the case page and `case show` gave its date as the next action although
nothing was owed on it. Both ways the rebuild reads the facts (a few loans after a payment, the
whole office) agree; one paid only in part is still the next thing owed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import approve, draft_plan, sign
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import AgreementStatus, CaseStatus
from tests.core.test_agreements import _agreement, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def _signed(s, loan_no: str) -> str:
    """A 3-instalment plan of the whole debt on the loan's case, its first instalment in 20 days,
    drafted, approved and signed today by agent01."""
    agent = _user(s, "agent01")
    start = _today() + dt.timedelta(days=20)
    number = draft_plan(s, agent, _case(s, loan_no).case_no, count=3, start=start).agreement_no
    approve(s, agent, number)
    sign(s, agent, number, _today())
    return number


def test_the_next_action_skips_instalments_paid_ahead(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _signed(s, "L1")
        plan = _agreement(s, number).instalments
        assert _case(s, "L1").next_action_on == plan[0].due_on

        record_payment(s, agent, "L1", plan[0].amount - 1, _today(), today=_today())
        assert _case(s, "L1").next_action_on == plan[0].due_on  # one fen still owed on it

        record_payment(s, agent, "L1", 1, _today(), today=_today())  # the loan's own rebuild
        plan = _agreement(s, number).instalments
        assert [(i.status, i.paid_amount) for i in plan][0] == ("pending", plan[0].amount)
        case = _case(s, "L1")
        assert case.status is CaseStatus.AGREEMENT
        assert case.next_action_on == plan[1].due_on

        rebuild_queue(s, None, _today())  # the whole office's rebuild says the same
        assert _case(s, "L1").next_action_on == plan[1].due_on

        record_payment(s, agent, "L1", plan[1].amount, _today(), today=_today())
        assert _case(s, "L1").next_action_on == plan[2].due_on
        rebuild_queue(s, None, _today())
        case = _case(s, "L1")
        assert (case.status, case.next_action_on) == (CaseStatus.AGREEMENT, plan[2].due_on)
        assert _agreement(s, number).status is AgreementStatus.ACTIVE


def test_a_case_whose_plan_is_all_paid_is_not_kept_open_by_it(office) -> None:
    """Paying the last instalment completes the agreement: the loan settles and the case closes,
    nothing left waiting on a day already paid for."""
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _signed(s, "L2")
        total = sum(i.amount for i in _agreement(s, number).instalments)
        record_payment(s, agent, "L2", total, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        rebuild_queue(s, None, _today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.CLOSED and case.next_action_on is None
