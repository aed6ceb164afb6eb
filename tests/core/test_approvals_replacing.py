"""Drafts that would replace a signed agreement wait for a supervisor (lifecycle.needs_approval:
an agent's approve is refused), so they are in the approvals list and the dashboard's count with
why they wait, "replaces signed AG-…", whatever their waiver (QA14 #2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.agreements import approve, cancel, draft_plan, sign
from app.errors import PermissionDenied
from app.queries.approvals import to_approve, waiting_for_approval
from app.queries.dashboard import dashboard
from tests.core import test_agreements
from tests.core.test_agreements import DEBT, _case, _today, _user

office = test_agreements.office  # three overdue loans of 12,000.00, every case agent01's


def _signed(s, loan_no: str) -> tuple[str, str]:
    """A plan signed today on the loan's case, and a new full-debt draft to replace it."""
    agent = _user(s, "agent01")
    start = _today() + dt.timedelta(days=5)
    first = draft_plan(s, agent, _case(s, loan_no).case_no, count=3, start=start).agreement_no
    approve(s, agent, first)  # no waiver: within the agent's authority
    sign(s, agent, first, _today())
    second = draft_plan(s, agent, _case(s, loan_no).case_no, count=6, start=start).agreement_no
    return first, second


def test_a_draft_replacing_signed_terms_waits_for_a_supervisor(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        first, second = _signed(s, "L1")
        with pytest.raises(PermissionDenied, match=f"would replace {first}"):
            approve(s, agent, second)
        (item,) = waiting_for_approval(s, sup)
        assert (item.number, item.replaces, item.waiver, item.settled) == (second, first, 0, DEBT)
        zone = ZoneInfo("UTC")
        assert to_approve(item, zone, "en") == (
            f"Waiver 0.00, 12,000.00 in instalments; replaces signed {first}"
        )
        assert to_approve(item, zone, "zh_CN") == (
            f"减免 0.00，分期偿还 12,000.00；将取代已签署的 {first}"
        )
        # The agent sees it held up on their case; the dashboards count it.
        assert [w.number for w in waiting_for_approval(s, agent)] == [second]
        assert dashboard(s, sup).waiting_agreements == 1
        assert dashboard(s, agent).waiting_agreements == 1
        approve(s, sup, second)
        assert waiting_for_approval(s, sup) == []


def test_a_supervisors_own_replacing_draft_is_theirs_to_approve(office) -> None:
    """approval_refusal lets a supervisor approve their own draft replacing signed terms when its
    waiver is within the threshold; one above it still waits for another supervisor."""
    with office.session() as s:
        sup = _user(s, "supervisor")
        first, _second = _signed(s, "L2")
        # The agent's draft cancelled; the supervisor drafts instead.
        cancel(s, sup, _second, "the supervisor drafts the new terms")
        own = draft_plan(
            s, sup, _case(s, "L2").case_no, count=2, start=_today() + dt.timedelta(days=5)
        ).agreement_no
        assert [(w.number, w.replaces) for w in waiting_for_approval(s, sup)] == [(own, first)]
