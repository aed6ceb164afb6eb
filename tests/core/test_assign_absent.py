"""Found by QA as the supervisor: an agent away, their open cases could only be moved by hand, one
selection at a time — assigning by rule placed only unassigned cases, and nothing handed a case
back to the queue. The core now hands cases back (one audit entry each) and moves one agent's open
cases by the rule among the other qualified agents, never back to that agent."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app import settings
from app.cases.assignment import assign_by_rule, nothing_waiting, unassign_cases
from app.errors import CasedeskError, NotFound, ValidationError
from app.models import AuditEntry, Case, CaseStatus, User
from app.training import WorkKind, office_training


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _open_of(s, agent_id: int | None) -> list[str]:  # type: ignore[no-untyped-def]
    held = (
        Case.assigned_agent_id.is_(None) if agent_id is None else Case.assigned_agent_id == agent_id
    )
    return list(
        s.scalars(
            select(Case.case_no).where(held, Case.status != CaseStatus.CLOSED).order_by(Case.id)
        )
    )


def _busiest(s) -> User:  # type: ignore[no-untyped-def]
    """The qualified agent holding the most open cases (the demo's agents all hold some)."""
    row = s.execute(
        select(Case.assigned_agent_id, func.count())
        .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None))
        .group_by(Case.assigned_agent_id)
        .order_by(func.count().desc(), Case.assigned_agent_id)
    ).first()
    assert row is not None and row[1] >= 5, "the demo's agents work cases"
    return s.get_one(User, row[0])


def test_handing_cases_back_unassigns_and_audits_each(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        boss = _user(s, "supervisor")
        agent = _busiest(s)
        theirs = _open_of(s, agent.id)[:3]
        already = _open_of(s, None)[:1]
        with pytest.raises(CasedeskError):
            unassign_cases(s, _user(s, "agent01"), theirs)  # an agent may not
        with pytest.raises(ValidationError):
            unassign_cases(s, boss, [])
        with pytest.raises(NotFound):
            unassign_cases(s, boss, ["NO-SUCH-CASE"])
        assert unassign_cases(s, boss, theirs + already) == 3  # the unassigned one: unchanged
    with demo_db.sessions() as s:
        back = s.execute(
            select(Case.case_no, Case.assigned_agent_id, Case.assigned_at).where(
                Case.case_no.in_(theirs)
            )
        ).all()
        assert sorted(n for n, a, at in back if a is None and at is None) == sorted(theirs)
        audited = s.execute(
            select(AuditEntry.entity_id, AuditEntry.changes).where(
                AuditEntry.action == "case.assign", AuditEntry.entity_id.in_(theirs + already)
            )
        ).all()
        handed = [e for e, c in audited if c.get("why") == "handed back"]
        assert sorted(handed) == sorted(theirs)
        assert all(c["from"] == agent.id and c["to"] is None for _e, c in audited)


@pytest.mark.parametrize("rule", ["round-robin", "capacity"])
def test_an_absent_agents_open_cases_go_to_the_others_by_rule(demo_db, rule) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        boss = _user(s, "supervisor")
        absent = _busiest(s)
        theirs = _open_of(s, absent.id)
        unassigned = _open_of(s, None)
        before = Counter(
            dict(
                s.execute(
                    select(Case.assigned_agent_id, func.count())
                    .where(Case.status != CaseStatus.CLOSED)
                    .group_by(Case.assigned_agent_id)
                ).all()
            )
        )
        settings.put(s, boss, "assign.capacity_per_agent", max(before.values()) + 100)
        with pytest.raises(NotFound):
            assign_by_rule(s, boss, rule, from_agent="nobody-here")
        summary = assign_by_rule(s, boss, rule, from_agent=absent.username)
    assert summary.assigned > 0
    with demo_db.sessions() as s:
        left = _open_of(s, absent.id)
        assert len(left) == sum(summary.skipped.values())  # the ones no other agent could take
        assert summary.assigned + len(left) == len(theirs)
        assert _open_of(s, None) == unassigned  # the unassigned cases were not touched
        moved = s.execute(
            select(Case.case_no, Case.assigned_agent_id).where(
                Case.case_no.in_(theirs), Case.assigned_agent_id != absent.id
            )
        ).all()
        assert len(moved) == summary.assigned
        qualified = {
            a.agent_id: a
            for a in office_training(s, settings.as_of(s))
            if a.qualified(WorkKind.PHONE)
        }
        field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
        for case_no, to in moved:
            assert to in qualified and to != absent.id
            dpd = s.scalar(select(Case.dpd).where(Case.case_no == case_no))
            if dpd >= field_min:  # the training gate the rule applies
                assert qualified[to].qualified(WorkKind.FIELD)
        audited = s.execute(
            select(AuditEntry.changes).where(
                AuditEntry.action == "case.assign",
                AuditEntry.entity_id.in_([n for n, _a in moved]),
            )
        ).all()
        assert len(audited) == len(moved)
        assert all(c["from"] == absent.id and c["to"] != absent.id for (c,) in audited)


def test_capacity_still_holds_when_moving_an_agents_cases(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        boss = _user(s, "supervisor")
        absent = _busiest(s)
        theirs = len(_open_of(s, absent.id))
        loads = dict(
            s.execute(
                select(Case.assigned_agent_id, func.count())
                .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None))
                .group_by(Case.assigned_agent_id)
            ).all()
        )
        others = [n for aid, n in loads.items() if aid != absent.id]
        cap = max(others)  # the busiest of the others takes none: the room left is small
        settings.put(s, boss, "assign.capacity_per_agent", cap)
        summary = assign_by_rule(s, boss, "capacity", from_agent=absent.username)
        assert summary.skipped["every qualified agent is at capacity"] > 0, (summary, loads)
        assert summary.assigned + sum(summary.skipped.values()) == theirs
        after = dict(
            s.execute(
                select(Case.assigned_agent_id, func.count())
                .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None))
                .group_by(Case.assigned_agent_id)
            ).all()
        )
        assert all(n <= cap for aid, n in after.items() if aid != absent.id)


def test_an_agent_with_no_open_case_has_nothing_to_move(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        boss = _user(s, "supervisor")
        absent = _busiest(s)
        unassign_cases(s, boss, _open_of(s, absent.id))
        summary = assign_by_rule(s, boss, "round-robin", from_agent=absent.username)
        assert summary.assigned == 0 and not summary.skipped
        assert nothing_waiting(summary, None, absent.display_name) == (
            f"{absent.display_name} has no open case: nothing to move."
        )
        assert nothing_waiting(summary, "M2", "X") == "X has no open case in M2: nothing to move."
