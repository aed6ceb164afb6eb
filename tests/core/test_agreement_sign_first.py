"""Signing a draft is refused saying what this user does next (QA s46 #6: "only an approved
agreement can be signed" and no more): an agent's draft within their authority is made ready for
signing first; a supervisor approves someone else's draft first; a draft the user may not approve
waits for a supervisor, or for another one when the supervisor drafted a big waiver. The CLI
says its commands (tests/cli/test_agreement_sign_first_cli.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import settings
from app.agreements import agreement_detail, draft_plan, draft_settlement, sign
from app.agreements.sign_first import (
    APPROVE,
    OTHER_SUPERVISOR,
    READY,
    SUPERVISOR,
    NotApprovedYet,
)
from app.i18n import set_language
from app.models import AgreementStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def _refused(s, user: str, number: str) -> NotApprovedYet:  # type: ignore[no-untyped-def]
    with pytest.raises(NotApprovedYet) as refused:
        sign(s, _user(s, user), number, _today())
    assert _agreement(s, number).status is AgreementStatus.DRAFT  # nothing changed
    return refused.value


def test_the_refusal_says_the_next_step_for_this_user_and_draft(db, office) -> None:  # type: ignore[no-untyped-def]
    threshold = settings.DEFAULTS["agreement.waiver_approval_threshold"]
    with db.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = _today() + dt.timedelta(days=10)
        plan = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=start).agreement_no
        big = draft_settlement(s, agent, _case(s, "L2").case_no, DEBT - threshold - 1).agreement_no
        own_big = draft_settlement(s, sup, _case(s, "L3").case_no, DEBT - threshold - 1)
        own_big_no = own_big.agreement_no

        ready = _refused(s, "agent01", plan)
        assert ready.step == READY
        assert ready.translated() == (
            f"Agreement {plan} is a draft; it can be signed once it is ready for signing. Make "
            "it ready first (the Ready for signing button; no supervisor's approval is needed), "
            "then record the signing."
        )
        assert _refused(s, "supervisor", plan).step == APPROVE
        assert _refused(s, "supervisor", plan).translated() == (
            f"Agreement {plan} is a draft; only an approved agreement can be signed. Approve it "
            "first (the Approve button), then record the signing."
        )
        assert _refused(s, "agent01", big).step == SUPERVISOR
        assert _refused(s, "supervisor", big).step == APPROVE
        assert _refused(s, "supervisor", own_big_no).step == OTHER_SUPERVISOR
        assert _refused(s, "admin", own_big_no).step == APPROVE
        assert (
            "ask another supervisor to approve it"
            in _refused(s, "supervisor", own_big_no).translated()
        )

        # The window's Record signing button says the same (it is off for a draft).
        assert agreement_detail(s, agent, plan).sign_first == ready.translated()
        waits = _refused(s, "agent01", big).translated()
        assert agreement_detail(s, agent, big).sign_first == waits
        assert agreement_detail(s, agent, plan).cannot_sign is None  # the summary's: unchanged

        set_language("zh_CN")
        try:
            assert ready.translated() == (
                f"协议 {plan} 为草稿状态，定稿待签后才能签署。请先定稿（“定稿待签”按钮，"
                "无需主管审批），再登记签署。"
            )
            assert _refused(s, "agent01", big).translated() == (
                f"协议 {big} 为草稿状态，只有已批准的协议才能签署，而该协议须由主管审批："
                "请找主管审批，之后再登记签署。"
            )
        finally:
            set_language("en")
