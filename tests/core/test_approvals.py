"""What waits for a supervisor's approval (app/queries/approvals.py, the dashboard's tile): draft
agreements whose waiver is above the threshold, booked visits when the office requires approval;
a supervisor sees what they may approve, an agent what of theirs is held up."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app import settings
from app.agreements import approve, draft_settlement
from app.agreements.common import waiver_threshold
from app.models import User
from app.money import fmt
from app.queries.approvals import AGREEMENT, VISIT, to_approve, waiting_for_approval
from app.queries.dashboard import dashboard
from app.visits import approve_visit, cancel_visit
from tests.core import test_agreements
from tests.core.test_agreements import DEBT, _case, _user
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit

office = test_agreements.office  # three overdue loans of 12,000.00, every case agent01's


def test_drafts_above_the_threshold_wait_for_another_supervisor(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        threshold = waiver_threshold(s)
        big = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT - threshold - 1)
        own = draft_settlement(s, sup, _case(s, "L2").case_no, DEBT // 2)
        small = draft_settlement(s, agent, _case(s, "L3").case_no, DEBT - threshold)
        waiting = waiting_for_approval(s, sup)
        # Not the supervisor's own waiver (another must approve it), not one at the threshold
        # (its drafter approves it).
        assert [w.number for w in waiting] == [big.agreement_no]
        (item,) = waiting
        assert (item.kind, item.id, item.case_no) == (AGREEMENT, big.id, _case(s, "L1").case_no)
        assert (item.waiver, item.settled) == (threshold + 1, DEBT - threshold - 1)
        assert (item.borrower, item.by) == ("借款人1", agent.display_name)
        # What is approved reads by the agreement's kind: a settlement is one payment.
        waiver, settled, zone = fmt(threshold + 1), fmt(DEBT - threshold - 1), ZoneInfo("UTC")
        assert item.settlement
        assert to_approve(item, zone, "en") == (
            f"Waiver {waiver}, settled in one payment of {settled}"
        )
        plan = replace(item, settlement=False)
        assert to_approve(plan, zone, "zh_CN") == f"减免 {waiver}，分期偿还 {settled}"
        # The agent sees the drafts on their cases that wait for a supervisor.
        mine = {w.number for w in waiting_for_approval(s, agent)}
        assert mine == {big.agreement_no, own.agreement_no}
        assert small.agreement_no not in mine
        figures = dashboard(s, sup)
        assert (figures.waiting_agreements, figures.waiting_visits) == (1, 0)
        approve(s, sup, big.agreement_no)
        assert waiting_for_approval(s, sup) == []
        assert dashboard(s, agent).waiting_agreements == 1  # the supervisor's own, still


def test_booked_visits_wait_only_when_the_office_requires_approval(db) -> None:
    build_visit_office(db)
    sup, agent01, agent03 = (login(db, name).id for name in ("supervisor", "agent01", "agent03"))
    first, second = case_nos(db)[:2]
    booked = verified_visit(db, first)
    assert book(db, booked).saved
    with db.sessions() as s:
        assert waiting_for_approval(s, s.get(User, sup)) == []  # the setting is off
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    other = verified_visit(db, second)
    assert book(db, other, start=slot(15)).saved
    with db.sessions() as s:
        waiting = waiting_for_approval(s, s.get(User, sup))
        # Both: the first was booked before the office turned approval on, and is not approved.
        assert [(w.kind, w.number) for w in waiting] == [(VISIT, booked), (VISIT, other)]
        assert all(w.start and w.end and w.start < w.end for w in waiting)
        assert dashboard(s, s.get(User, sup)).waiting_visits == 2
        assert waiting_for_approval(s, s.get(User, agent03)) == []  # on neither visit's team
        assert {w.number for w in waiting_for_approval(s, s.get(User, agent01))} == {booked, other}
    with db.session() as s:
        approve_visit(s, s.get(User, sup), booked, "已核实")
        cancel_visit(s, s.get(User, agent01), other, "借款人改约")
    with db.sessions() as s:
        assert waiting_for_approval(s, s.get(User, sup)) == []
