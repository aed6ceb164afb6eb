"""Only collection agents go on a home visit: booking, the live check and a move refuse a
supervisor or an admin on the team, naming them and their role (found by QA: `visit book --agents
agent02,zhuguan` was judged by the supervisor's training, which no page shows or records)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.models import User, Visit, VisitStatus
from app.visits import check_booking, check_reschedule, reschedule_visit
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit

CONSENTS = {"borrower_agreed": True, "consent_to_enter": True}


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _refusal(office, fn, *args, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    user = login(office, "agent01")
    with office.session(write_lock=True) as s, pytest.raises(ValidationError) as caught:
        fn(s, s.get(User, user.id), *args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("who", "en", "zh"),
    [
        ("supervisor", "陈静 (supervisor, Supervisor)", "陈静（supervisor，主管）"),
        ("admin", "(admin, Administrator)", "（admin，管理员）"),
    ],
)
def test_a_booking_with_a_non_agent_on_the_team_is_refused_naming_them(office, who, en, zh):
    visit_no = verified_visit(office, case_nos(office)[0])
    with pytest.raises(ValidationError) as caught:
        book(office, visit_no, agents=("agent01", who))
    error = caught.value
    assert f"{en} is not a collection agent: only agents go on home visits." in str(error)
    assert f"{zh}不是催收员：只有催收员才能上门催收" in error.translated("zh_CN")
    with office.session() as s:  # nothing booked
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert visit.status is VisitStatus.VERIFIED and not visit.agents
    checked = _refusal(
        office, check_booking, visit_no, agents=(who, "agent02"), start=slot(10), minutes=60,
        **CONSENTS,
    )  # fmt: skip
    assert en in str(checked)


def test_a_move_onto_a_non_agent_is_refused_and_the_team_stays(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no).saved
    fields = {"start": slot(10), "minutes": 60, **CONSENTS}
    checked = _refusal(
        office, check_reschedule, visit_no, agents=("agent01", "supervisor"), **fields
    )
    assert "陈静 (supervisor, Supervisor) is not a collection agent" in str(checked)
    moved = _refusal(
        office, reschedule_visit, visit_no, agents=("supervisor", "agent02"), reason="换人",
        **fields,
    )  # fmt: skip
    assert "(supervisor, Supervisor)" in str(moved)
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        team = sorted(s.get(User, row.agent_id).username for row in visit.agents)
    assert team == ["agent01", "agent02"]


def test_agents_alone_still_book(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, agents=("agent02", "agent03")).saved
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1
