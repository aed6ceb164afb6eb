"""A repayment agreement on a case in legal (found by QA: the case took the agreement and stayed
"legal" with no next action in the queue). A settlement in or out of court is normal: while it
runs the case stays in legal with the plan's next instalment as its next action; completed, it
closes as any other case; breached, it goes on in legal (not back to the agents' queue) and the
case and the agreement say so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app import settings
from app.agreements import (
    agreement_detail,
    approve,
    cancel,
    draft_plan,
    draft_settlement,
    sign,
)
from app.cases.payments import find_loan, record_payment
from app.cases.rebuild import rebuild_queue
from app.errors import ValidationError
from app.loans.closure import closure_state, decide
from app.models import Agreement, AgreementStatus, AuditEntry, CaseStatus, CloseReason, LoanStatus
from app.queries.case_page import case_detail
from app.queries.cases import QueueFilter, queue_ids
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def _to_legal(s, loan_no: str) -> str:
    case_no = _case(s, loan_no).case_no
    decide(s, _user(s, "supervisor"), case_no, "legal", "委托律师事务所起诉", today=_today())
    assert _case(s, loan_no).status is CaseStatus.LEGAL
    return case_no


def _breach_entry(s, number: str) -> dict:
    return s.scalar(
        select(AuditEntry.changes).where(
            AuditEntry.action == "agreement.breached", AuditEntry.entity_id == number
        )
    )


def test_an_agreement_in_force_keeps_the_case_in_legal_with_its_next_instalment(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _to_legal(s, "L1")
        assert _case(s, "L1").next_action_on is None
        assert case_detail(s, sup, case_no).legal_note is None  # in legal, nothing agreed yet
        start = _today() + dt.timedelta(days=20)
        number = draft_plan(s, agent, case_no, count=3, start=start).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, _today())
        plan = _agreement(s, number).instalments
        case = _case(s, "L1")
        assert (case.status, case.next_action_on) == (CaseStatus.LEGAL, plan[0].due_on)
        # Still with the lawyers: at the bottom of the queue, and its Legal filter finds it.
        assert case.score == 0 and case.score_breakdown["legal"] < 0
        legal = queue_ids(s, sup, QueueFilter(status="legal"))
        assert case.id in legal
        assert find_loan(s, "L1").status is LoanStatus.LEGAL
        first = f"{plan[0].amount // 100:,}.00"
        assert case_detail(s, sup, case_no).legal_note == (
            f"Agreement {number} in force: its next instalment, {first}, is due on "
            f"{plan[0].due_on.isoformat()}; the case stays in legal."
        )
        assert case_detail(s, sup, case_no, "zh_CN").legal_note == (
            f"还款协议 {number} 履行中：下一期 {first} 应于 {plan[0].due_on.isoformat()} 还款；"
            "案件仍在法律程序中。"
        )
        assert agreement_detail(s, sup, number).legal_note == (
            f"Case {case_no} stays in legal while this agreement runs: paid as agreed, it "
            "closes; breached, it goes on in legal."
        )
        # The first instalment paid: the next one is the next action, by a payment's rebuild
        # (a few loans) and by the whole office's alike.
        record_payment(s, agent, "L1", plan[0].amount, _today(), today=_today())
        assert _case(s, "L1").next_action_on == plan[1].due_on
        rebuild_queue(s, None, _today())
        case = _case(s, "L1")
        assert (case.status, case.next_action_on) == (CaseStatus.LEGAL, plan[1].due_on)
        assert f"is due on {plan[1].due_on.isoformat()}" in case_detail(s, sup, case_no).legal_note


def test_legal_is_refused_under_an_agreement_in_force_so_the_case_goes_with_no_next_action(
    office,
) -> None:
    """The dialog's "legal" effect says the case has no next action: true, for an agreement in
    force on the loan stands in the way until it is ended. Recalled, a case in legal under an
    agreement is worked on the plan's next instalment."""
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        start = _today() + dt.timedelta(days=20)
        number = draft_plan(s, agent, case_no, count=3, start=start).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, _today())
        assert closure_state(s, sup, case_no).open_work == (number,)
        with pytest.raises(ValidationError, match=f"{number} on loan L1 must be cancelled"):
            decide(s, sup, case_no, "legal", "委托律师事务所起诉", today=_today())
        assert find_loan(s, "L1").status is LoanStatus.ACTIVE
        assert _case(s, "L1").status is CaseStatus.AGREEMENT
        cancel(s, sup, number, "借款人不再履行", today=_today())
        _to_legal(s, "L1")
        assert _case(s, "L1").next_action_on is None
        # Signed in legal, then recalled: the agents work it on the plan's next instalment.
        number = draft_plan(s, agent, case_no, count=3, start=start).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, _today())
        decide(s, sup, case_no, "recall", "和解协议履行中，交回催收员跟进", today=_today())
        case, plan = _case(s, "L1"), _agreement(s, number).instalments
        assert (case.status, case.next_action_on) == (CaseStatus.AGREEMENT, plan[0].due_on)
        assert _agreement(s, number).status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


def test_a_completed_agreement_closes_the_case_in_legal(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _to_legal(s, "L2")
        start = _today() + dt.timedelta(days=10)
        number = draft_plan(s, agent, case_no, count=2, start=start).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L2", DEBT, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        rebuild_queue(s, None, _today())
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.PAID)
        assert case.next_action_on is None
        assert case_detail(s, sup, case_no).legal_note is None
        assert agreement_detail(s, sup, number).legal_note is None  # nothing left in legal
        # A settlement with a waiver settles the loan: the case closes as settled.
        case_no = _to_legal(s, "L3")
        number = draft_settlement(s, agent, case_no, 900_000).agreement_no
        approve(s, sup, number)
        sign(s, agent, number, _today())
        assert _case(s, "L3").next_action_on == _agreement(s, number).instalments[0].due_on
        record_payment(s, agent, "L3", 900_000, _today(), today=_today())
        case = _case(s, "L3")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.SETTLED)


def _breached_plan(s, loan_no: str, t0: dt.date) -> str:
    """A 3-instalment plan drafted on `t0` and signed the day after, its first instalment due
    ten days after drafting and never paid; the queue rebuilt today breaches it."""
    agent, sup = _user(s, "agent01"), _user(s, "supervisor")
    settings.put(s, sup, "queue.as_of", (t0 + dt.timedelta(days=1)).isoformat())
    number = draft_plan(
        s,
        agent,
        _case(s, loan_no).case_no,
        count=3,
        start=t0 + dt.timedelta(days=10),
        amount=DEBT,
        today=t0,
    ).agreement_no
    s.execute(  # as if drafted that day
        update(Agreement)
        .where(Agreement.agreement_no == number)
        .values(created_at=dt.datetime.combine(t0, dt.time(9), dt.UTC))
    )
    approve(s, agent, number, today=t0)
    sign(s, agent, number, t0 + dt.timedelta(days=1), today=t0 + dt.timedelta(days=1))
    assert _agreement(s, number).status is AgreementStatus.ACTIVE
    settings.put(s, sup, "queue.as_of", None)
    rebuild_queue(s, None, _today())
    assert _agreement(s, number).status is AgreementStatus.BREACHED
    return number


def test_a_breach_returns_the_case_to_legal_and_says_so(office) -> None:
    t0 = _today() - dt.timedelta(days=70)
    with office.session() as s:
        sup = _user(s, "supervisor")
        case_no = _to_legal(s, "L1")
        number = _breached_plan(s, "L1", t0)
        case = _case(s, "L1")
        # Back with the lawyers, not in the agents' queue: legal, no next action, no score.
        assert (case.status, case.next_action_on, case.score) == (CaseStatus.LEGAL, None, 0)
        assert find_loan(s, "L1").status is LoanStatus.LEGAL
        assert _breach_entry(s, number)["back_to_legal"] is True
        missed = (_agreement(s, number).instalments[0].due_on + dt.timedelta(days=1)).isoformat()
        assert case_detail(s, sup, case_no).legal_note == (
            f"Agreement {number} was breached on {missed}: the case is back in legal."
        )
        assert case_detail(s, sup, case_no, "zh_CN").legal_note == (
            f"还款协议 {number} 于 {missed} 违约：案件回到法律程序。"
        )
        assert agreement_detail(s, sup, number).legal_note == (
            f"Case {case_no} went back to legal, not to the work queue: the whole debt is owed "
            "again."
        )
        # Recalled from legal, the case is worked again and no longer says it is in legal.
        decide(s, sup, case_no, "recall", "借款人主动联系", today=_today())
        assert case_detail(s, sup, case_no).legal_note is None

        # A breach on a case not in legal sends it back to the queue and says nothing of legal.
        other = _breached_plan(s, "L2", t0)
        case = _case(s, "L2")
        assert case.status is not CaseStatus.LEGAL and case.next_action_on == _today()
        assert "back_to_legal" not in _breach_entry(s, other)
        assert case_detail(s, sup, case.case_no).legal_note is None
        assert agreement_detail(s, sup, other).legal_note is None
