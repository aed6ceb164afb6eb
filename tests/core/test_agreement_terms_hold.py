"""An agreement goes on only while its terms still hold (found by QA): a payment between the
drafting and the approval or the signing stops it; a later draft that named an agreement which
was cancelled meanwhile does not move that cancellation's day; an agreement is drafted on the
office's date, not UTC's."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.agreements import (
    agreement_detail,
    approve,
    cancel,
    draft_plan,
    draft_settlement,
    edit_draft,
    list_agreements,
    sign,
)
from app.agreements.document import gather_document
from app.cases.payments import record_payment
from app.errors import ValidationError
from app.i18n import set_language
from app.labels import AGREEMENT_INSTALMENT_STATUS, label
from app.models import Agreement, AgreementStatus
from app.reporting.period import office_today
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's

STALE = (
    "Loan L1 now owes 11,000.00, not the 12,000.00 agreement {number} was drafted on (a payment "
    "or a charge came since); cancel it and draft a new one."
)

STALE_DRAFT = (
    "Loan L1 now owes 11,000.00, not the 12,000.00 draft {number} was drafted on (a payment or "
    "a charge came since); edit it first: saved, its terms settle 11,000.00."
)


def test_a_payment_after_the_drafting_stops_the_approval(office) -> None:
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT).agreement_no
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        with pytest.raises(ValidationError) as refused:
            approve(s, sup, number)
        # A draft is edited, not cancelled and drafted again: any edit re-bases it (QA s44 #2).
        assert str(refused.value) == STALE_DRAFT.format(number=number)
        assert _agreement(s, number).status is AgreementStatus.DRAFT
        set_language("zh_CN")
        try:
            assert refused.value.translated() == (
                f"贷款 L1 现欠 11,000.00，而非草稿 {number} 起草时的 12,000.00（其后有还款或新增"
                "费用）；请先修改该草稿：保存后，协议条款按 11,000.00 计算。"
            )
        finally:
            set_language("en")
        edit_draft(s, agent, number, stated_reason="paid 1,000.00 since")
        approve(s, sup, number)
        assert _agreement(s, number).debt_amount == DEBT - 100_000


ASK_A_SUPERVISOR = (
    "Loan L1 now owes 11,000.00, not the 12,000.00 agreement {number} was drafted on (a payment "
    "or a charge came since); ask a supervisor to cancel it, then draft a new one."
)


def test_an_agent_stopped_by_a_payment_is_told_to_ask_a_supervisor(office) -> None:
    """What a supervisor approved only a supervisor cancels: the agent is not told to cancel it
    themselves (the button would be off), the supervisor still is."""
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        day = _today() + dt.timedelta(days=10)
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=day).agreement_no
        approve(s, sup, number)
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        said = ASK_A_SUPERVISOR.format(number=number)
        assert agreement_detail(s, agent, number).cannot_sign == said
        with pytest.raises(ValidationError) as refused:
            sign(s, agent, number, _today())
        assert str(refused.value) == said
        assert agreement_detail(s, sup, number).cannot_sign == STALE.format(number=number)
        set_language("zh_CN")
        try:
            assert "请主管取消该协议后重新起草" in agreement_detail(s, agent, number).cannot_sign
        finally:
            set_language("en")


def test_a_payment_after_the_approval_stops_the_signing(office) -> None:
    """The QA's case: signed, the plan would ask for the 1,000.00 already paid once more, and a
    loan paid off by its plan's last payment would end with a breached agreement."""
    with office.session() as s:
        agent = _user(s, "agent01")
        day = _today() + dt.timedelta(days=10)
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=day).agreement_no
        approve(s, agent, number)
        assert agreement_detail(s, agent, number).cannot_sign is None
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        # The page's Record signing is off, saying why, before anyone clicks.
        assert agreement_detail(s, agent, number).cannot_sign == STALE.format(number=number)
        with pytest.raises(ValidationError, match="now owes 11,000.00, not the 12,000.00"):
            sign(s, agent, number, _today())
        assert _agreement(s, number).status is AgreementStatus.APPROVED
        cancel(s, agent, number, "the borrower paid 1,000.00 before signing")
        # Its instalments will never fall due: not "pending" any more.
        plan = agreement_detail(s, agent, number).plan
        assert [line.status for line in plan] == ["cancelled", "cancelled"]
        assert label(AGREEMENT_INSTALMENT_STATUS, plan[0].status, "zh_CN") == "已取消"
        again = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=day).agreement_no
        approve(s, agent, again)
        signed = sign(s, agent, again, _today())
        assert signed.debt_amount == DEBT - 100_000
        assert signed.status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


def test_a_cancellation_keeps_its_day_when_a_draft_that_named_it_is_signed(office) -> None:
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        case_no = _case(s, "L2").case_no
        day = _today() + dt.timedelta(days=10)
        first = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, first)
        sign(s, agent, first, _today())
        second = draft_plan(s, sup, case_no, count=6, start=day).agreement_no
        assert _agreement(s, second).supersedes_id == _agreement(s, first).id  # as drafted
        cancel(s, sup, first, "borrower asked for new terms")
        cancelled_on = office_today(s)  # the audit entry's day on the office's clock
        approve(s, sup, second)
        later = _today() + dt.timedelta(days=2)  # signed two days after the cancellation
        sign(s, agent, second, later, today=later)
        new = _agreement(s, second)
        assert new.supersedes_id is None  # nothing in force was replaced at its signing
        detail = agreement_detail(s, sup, first)
        assert detail.row.ended_on == cancelled_on
        assert detail.cancel_reason == "borrower asked for new terms"
        assert agreement_detail(s, sup, second).supersedes is None


def test_the_drafting_day_is_the_offices(office) -> None:
    """Drafted at 01:30 in Shanghai (17:30 UTC the day before): drafted on the office's day."""
    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_settlement(s, agent, _case(s, "L3").case_no, DEBT).agreement_no
        today = _today()
        utc = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(17, 30), dt.UTC)
        s.execute(update(Agreement).where(Agreement.agreement_no == number).values(created_at=utc))
        s.expire_all()
        assert gather_document(s, agent, number).drafted_on == today
        [row] = [r for r in list_agreements(s, agent) if r.agreement_no == number]
        assert row.drafted_on == today
        assert agreement_detail(s, agent, number).row.drafted_on == today
        approve(s, agent, number)
        # Signing "before it was drafted" is judged on the office's day too.
        assert sign(s, agent, number, today).signed_on == today
        assert s.scalar(select(Agreement.signed_on).where(Agreement.agreement_no == number))
