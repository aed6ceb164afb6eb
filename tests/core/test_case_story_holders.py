"""The case's story keeps who held the case: each assignment, reassignment and hand-back read from
the audit trail at its time with who did it, the holder from before the trail (the demo's) on the
day the case opened. QA: after two reassignments the story showed only the last holder, since
"today", beside eight months of calls by the first; a hand-back removed the only line."""

from __future__ import annotations

import zoneinfo

from sqlalchemy import select

from app.account_handover import hand_back_cases
from app.cases.assignment import assign_cases, unassign_cases
from app.models import Case, CaseStatus, User
from app.office import office_timezone, office_today
from app.queries.case_page import case_detail
from app.training.status import WorkKind, office_training


def _setup(demo_db) -> tuple[str, str, list[User]]:
    """(a case held by a fit agent and below the field stage, its holder's name, three other fit
    agents)."""
    with demo_db.sessions() as s:
        fit = [
            a.agent_id
            for a in office_training(s, office_today(s))
            if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD)
        ]
        case = s.scalars(
            select(Case)
            .where(Case.assigned_agent_id.in_(fit), Case.status != CaseStatus.CLOSED)
            .order_by(Case.id)
        ).first()
        assert case is not None
        others = [s.get_one(User, i) for i in fit if i != case.assigned_agent_id][:3]
        holder = s.get_one(User, case.assigned_agent_id)
        s.expunge_all()
        return case.case_no, holder.display_name, others


def _lines(demo_db, case_no: str, lang: str = "en") -> list[tuple[str, str, str]]:
    """(when, title, detail) of the story's lines about who held the case, newest first."""
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        detail = case_detail(s, supervisor, case_no, lang)
        zone = zoneinfo.ZoneInfo(office_timezone(s))
        return [
            (i.when(zone), i.title, i.detail)
            for i in detail.timeline
            if i.kind == "case" and not i.title.startswith(("Case ", "案件"))
        ]


def test_every_holder_and_hand_back_stays_in_the_story(demo_db) -> None:
    case_no, first, (a, b, c) = _setup(demo_db)
    before = _lines(demo_db, case_no)
    assert len(before) == 1 and before[0][1] == f"Assigned to {first}"  # the demo's, its time
    with demo_db.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        assign_cases(s, boss, [case_no], a.username)
        assign_cases(s, boss, [case_no], b.username)
        unassign_cases(s, boss, [case_no])
        assign_cases(s, boss, [case_no], c.username)
        boss_name = boss.display_name
        opened = s.scalar(select(Case.opened_on).where(Case.case_no == case_no))
    lines = _lines(demo_db, case_no)
    by = f"by {boss_name}"
    assert [(t, d) for _w, t, d in lines] == [
        (f"Assigned to {c.display_name}", by),
        ("Handed back to the queue", f"{by} · from {b.display_name}"),
        (f"Assigned to {b.display_name}", f"{by} · from {a.display_name}"),
        (f"Assigned to {a.display_name}", f"{by} · from {first}"),
        (f"Assigned to {first}", "the day it was assigned is not recorded"),
    ]
    assert lines[-1][0] == opened.isoformat()  # the day the case opened, no time of day
    zh = _lines(demo_db, case_no, "zh_CN")
    assert [t for _w, t, _d in zh][:2] == [f"分配给 {c.display_name}", "退回队列"]
    assert zh[1][2] == f"经办：{boss_name} · 原催收员：{b.display_name}"
    assert zh[-1][2] == "分配日期未记录"


def test_a_case_given_again_to_its_holder_adds_no_line(demo_db) -> None:
    case_no, first, (a, _b, _c) = _setup(demo_db)
    with demo_db.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        assign_cases(s, boss, [case_no], a.username)
        assign_cases(s, boss, [case_no], a.username)  # the audit trail may hold such an entry
    titles = [t for _w, t, _d in _lines(demo_db, case_no)]
    assert titles == [f"Assigned to {a.display_name}", f"Assigned to {first}"]


def test_a_deactivated_agents_cases_say_why_they_came_back(demo_db) -> None:
    case_no, first, (a, _b, _c) = _setup(demo_db)
    with demo_db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assign_cases(
            s, s.scalar(select(User).where(User.username == "supervisor")), [case_no], a.username
        )
        hand_back_cases(s, admin, s.get_one(User, a.id))
        admin_name = admin.display_name
    lines = _lines(demo_db, case_no)
    assert lines[0][1:] == (
        "Back in the queue: its agent was deactivated",
        f"by {admin_name} · from {a.display_name}",
    )
    assert len(lines) == 3 and lines[-1][1] == f"Assigned to {first}"


def test_an_undone_assignment_reads_as_an_undo(demo_db) -> None:
    """QA: the story read "Assigned to 杜平 … from 窦旭" for an undo, as for a new assignment,
    while the audit said "Case assignment undone"."""
    from app.cases.assign_undo import undo_assignment

    case_no, first, (a, _b, _c) = _setup(demo_db)
    with demo_db.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        batch = assign_cases(s, boss, [case_no], a.username).batch
        assert batch is not None
        undo_assignment(s, boss, batch)
        boss_name = boss.display_name
    lines = _lines(demo_db, case_no)
    assert lines[0][1:] == (
        f"Assignment undone: back to {first} (assignment {batch})",
        f"by {boss_name} · from {a.display_name}",
    )
    assert lines[1][1] == f"Assigned to {a.display_name}"
    zh = _lines(demo_db, case_no, "zh_CN")
    assert zh[0][1] == f"已撤销分配：回到 {first} 名下（分配 {batch}）"
