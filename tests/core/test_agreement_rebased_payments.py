"""A payment recorded between a draft's drafting and the edit that moved its terms to the lower
debt is off the debt, and so is not paid again toward the plan (QA s45: it counted both ways,
so the borrower was waived that much more than approved); a payment recorded after the edit
pays the plan as before."""

from __future__ import annotations

import datetime as dt

from app.agreements import agreement_detail, approve, draft_plan, edit_draft, sign
from app.cases.payments import record_payment
from app.models import AgreementStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def test_a_payment_taken_off_the_debt_by_an_edit_does_not_pay_the_plan(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = _today() + dt.timedelta(days=20)
        number = draft_plan(
            s, agent, _case(s, "L1").case_no, count=2, start=start, amount=500_000
        ).agreement_no
        assert _agreement(s, number).debt_taken_at is None  # at its drafting
        record_payment(s, agent, "L1", 50_000, _today(), today=_today())
        edit_draft(s, agent, number, amount=500_000)  # the terms on today's debt
        edited = _agreement(s, number)
        assert edited.debt_amount == DEBT - 50_000 and edited.settled_amount == 500_000
        assert edited.waiver_amount == DEBT - 50_000 - 500_000  # the 500.00 is not waived
        assert edited.debt_taken_at is not None
        approve(s, sup, number)
        sign(s, agent, number, _today())
        signed = _agreement(s, number)
        assert signed.status is AgreementStatus.ACTIVE
        assert [i.paid_amount for i in signed.instalments] == [0, 0]  # not paid again
        shown = agreement_detail(s, sup, number)
        assert [line.paid for line in shown.plan] == [0, 0]  # as the window and `show` say
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())  # after: it counts
        paid = _agreement(s, number)
        assert [i.paid_amount for i in paid.instalments] == [100_000, 0]


def test_a_payment_after_a_draft_edited_without_a_new_debt_still_counts(office) -> None:
    """An edit that leaves the debt as it was (the reason alone) does not move when the debt was
    taken: a payment recorded after the drafting pays the plan."""
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = _today() + dt.timedelta(days=20)
        number = draft_plan(
            s, agent, _case(s, "L1").case_no, count=2, start=start, amount=500_000
        ).agreement_no
        edit_draft(s, agent, number, stated_reason="失业后找到新工作")
        assert _agreement(s, number).debt_taken_at is None
        approve(s, sup, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        assert [i.paid_amount for i in _agreement(s, number).instalments] == [100_000, 0]
