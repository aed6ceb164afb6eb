"""Which drafts wait for a supervisor's approval (app/agreements/lifecycle.py needs_approval): a
waiver above the office's threshold, or terms that would replace signed ones. Any other draft is
within its drafter's authority — the window offered it "Approve" all the same (noticed and left
alone by an earlier session); it now makes it "Ready for signing"."""

from __future__ import annotations

import datetime as dt

from app import settings
from app.agreements import agreement_detail, approve, draft_plan, draft_settlement, sign
from app.agreements.lifecycle import needs_approval
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user, office

__all__ = ["office"]  # the office fixture, shared


def test_only_a_big_waiver_or_replacing_signed_terms_needs_approval(office) -> None:  # type: ignore[no-untyped-def]
    threshold = settings.DEFAULTS["agreement.waiver_approval_threshold"]
    day = _today() + dt.timedelta(days=5)
    with office.session() as s:
        agent = _user(s, "agent01")
        plan = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=day)
        at = draft_settlement(s, agent, _case(s, "L2").case_no, DEBT - threshold)
        big = draft_settlement(s, agent, _case(s, "L3").case_no, DEBT - threshold - 1)
        assert not needs_approval(plan, threshold) and not needs_approval(at, threshold)
        assert needs_approval(big, threshold)
        shown = {a.agreement_no: agreement_detail(s, agent, a.agreement_no) for a in (plan, big)}
        assert not shown[plan.agreement_no].needs_approval
        assert shown[big.agreement_no].needs_approval
        assert shown[big.agreement_no].as_json()["needs_approval"] is True
        # The agent makes their own plan ready for signing; signed, a new plan replacing it
        # waits for a supervisor, whatever its waiver.
        approve(s, agent, plan.agreement_no)
        sign(s, agent, plan.agreement_no, _today())
        second = draft_plan(s, agent, _case(s, "L1").case_no, count=6, start=day)
        assert second.waiver_amount == 0
        assert agreement_detail(s, agent, second.agreement_no).needs_approval
        assert _agreement(s, plan.agreement_no).status.value == "active"
        # Not a draft: nothing waits for approval.
        assert not agreement_detail(s, agent, plan.agreement_no).needs_approval
