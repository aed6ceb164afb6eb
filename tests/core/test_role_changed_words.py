"""An account whose role an admin changed while its window is open (QA s47 O #2, #5): the core
says whether the new role may open a case, without a refusal, and words a refusal as "an admin
changed your role"; the office's sessions reword a refusal through the hook a window sets."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import change_role
from app.auth import ROLE_CHANGED, role_changed
from app.case_notes import add_case_note
from app.errors import PermissionDenied
from app.models import Case, CaseNote, Role, User
from app.queries.case_page import may_open

WORDS = {
    "en": "An admin changed your role to Agent; that role may not do this, so nothing was saved. "
    "Casedesk will open its window again for that role.",
    "zh_CN": "管理员已将您的角色改为催收员；该角色无权进行此操作，因此未保存任何内容。"
    "Casedesk 将按新角色重新打开窗口。",
}


def _demote(db) -> str:
    """Make the supervisor an agent; an open case assigned to another agent."""
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        change_role(s, admin, "supervisor", "agent")
        me = s.scalar(select(User.id).where(User.username == "supervisor"))
        found = s.scalar(
            select(Case.case_no)
            .where(Case.assigned_agent_id.is_not(None), Case.assigned_agent_id != me)
            .order_by(Case.id)
            .limit(1)
        )
    assert found is not None
    return found


def test_may_open_says_what_case_detail_would(demo_db) -> None:
    with demo_db.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        agent = s.scalar(select(User).where(User.username == "agent01"))
        own = s.scalar(select(Case).where(Case.assigned_agent_id == agent.id).limit(1))
        other = s.scalar(
            select(Case).where(Case.assigned_agent_id != agent.id).order_by(Case.id).limit(1)
        )
        assert may_open(s, sup, other.case_no) and may_open(s, sup, other.id)
        assert may_open(s, agent, own.case_no) and may_open(s, agent, own.id)
        assert not may_open(s, agent, other.case_no) and not may_open(s, agent, other.id)
        assert not may_open(s, agent, "C1999-999999")  # unknown: no refusal either


def test_a_demoted_supervisor_may_no_longer_open_anothers_case(demo_db) -> None:
    case_no = _demote(demo_db)
    with demo_db.sessions() as s:
        now = s.scalar(select(User).where(User.username == "supervisor"))
        assert not may_open(s, now, case_no)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_refusal_says_the_role_changed(lang) -> None:
    said = role_changed(PermissionDenied("No."), Role.AGENT)
    assert said.msgid == ROLE_CHANGED
    assert said.translated(lang) == WORDS[lang]
    assert isinstance(said.__cause__, PermissionDenied)


def test_the_sessions_reword_a_refusal_through_the_hook(demo_db) -> None:
    case_no = _demote(demo_db)

    def write_note() -> None:
        with demo_db.session(write_lock=True) as s:
            me = s.scalar(select(User).where(User.username == "supervisor"))
            add_case_note(s, me, case_no, "typed before the demotion")

    with pytest.raises(PermissionDenied) as caught:  # no hook: as the core said it
        write_note()
    assert caught.value.msgid != ROLE_CHANGED
    demo_db.reword_refusal = lambda refusal: role_changed(refusal, Role.AGENT)
    with pytest.raises(PermissionDenied) as caught:
        write_note()
    assert caught.value.translated("en") == WORDS["en"]
    demo_db.reword_refusal = lambda refusal: refusal  # the hook may leave it as it was
    with pytest.raises(PermissionDenied) as caught:
        write_note()
    assert caught.value.msgid != ROLE_CHANGED
    with demo_db.sessions() as s:  # nothing saved
        assert not s.scalars(select(CaseNote).where(CaseNote.text.contains("typed before"))).all()
