"""`cases_by_ids`: the Cases page's "Opened lately" rows, in the order given, open and closed
alike, leaving out what the user may not open (an agent's cases given to someone else)."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.auth import authenticate
from app.models import Case, CaseStatus, User
from app.queries.cases import cases_by_ids


def test_in_the_order_given_and_only_what_the_user_may_open(demo_db) -> None:
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    agent = authenticate(demo_db.sessions, "agent02", "demo")
    with demo_db.session() as s:
        mine = s.scalars(
            select(Case.id).where(Case.assigned_agent_id == agent.id).order_by(Case.id).limit(2)
        ).all()
        other = s.scalar(
            select(Case.id).where(Case.assigned_agent_id != agent.id).order_by(Case.id)
        )
        not_theirs = or_(Case.assigned_agent_id != agent.id, Case.assigned_agent_id.is_(None))
        closed = s.scalar(select(Case.id).where(Case.status == CaseStatus.CLOSED, not_theirs))
        assert len(mine) == 2 and other is not None and closed is not None
        wanted = [mine[1], other, closed, mine[0], 10**9]  # the last: no such case
        everyone = cases_by_ids(s, supervisor, wanted)
        assert [r.id for r in everyone] == [mine[1], other, closed, mine[0]]
        assert [r.id for r in cases_by_ids(s, agent, wanted)] == [mine[1], mine[0]]
        row = everyone[0]
        case = s.get(Case, mine[1])
        name = s.scalar(select(User.display_name).where(User.id == agent.id))
        assert (row.case_no, row.dpd, row.agent) == (case.case_no, case.dpd, name)
        assert cases_by_ids(s, supervisor, []) == []
