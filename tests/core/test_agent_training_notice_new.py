"""The notice on a new agent's cases when they have no training records: told they have not yet
passed the training (not that it lapsed, "until they pass it again"), as the Assign dialog tells
"training missing" from "training lapsed" (one function: gap_kind); and no offer to move their
cases while they hold none (QA: a never-trained agent09 was told both)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.auth import add_user
from app.i18n import set_language
from app.models import Case, CaseStatus, Role, User
from app.office import office_today
from app.queries.cases import agent_choices
from app.training.agent_notice import agent_training_notice
from app.training.status import WorkKind, agent_training, gap_kind


def _new_agent(database) -> int:
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return add_user(s, admin, "agent09", Role.AGENT, "pw-agent09-long", "Zhao Liu").id


def test_a_new_agent_has_not_yet_passed_and_holds_nothing_to_move(demo_db) -> None:
    agent_id = _new_agent(demo_db)
    with demo_db.sessions() as s:
        day = office_today(s)
        state = agent_training(s, agent_id, day)
        missing = state.missing_for(WorkKind.PHONE)
        field = [c for c in state.missing_for(WorkKind.FIELD) if c not in missing]
        assert gap_kind(missing) == "missing"
        chosen = next(a for a in agent_choices(s) if a.id == agent_id)
        assert chosen.phone_gap == "missing"  # the Assign dialog's "training missing"
        said = agent_training_notice(s, agent_id, day)
        typed = agent_training_notice(s, agent_id, day, "cli")
        set_language("zh_CN")
        try:
            zh = agent_training_notice(s, agent_id, day)
        finally:
            set_language("en")
    courses = ", ".join(c.name_en for c in missing + field)
    assert said == (
        f"Zhao Liu has not yet passed the training for phone and field work ({courses}): no case "
        "or visit can be given to them until they pass it. Until then, each call, SMS or letter "
        "they make needs a supervisor's override."
    )
    assert typed == said  # nothing to move: no "casedesk assign … --from agent09"
    assert zh is not None and zh.startswith("Zhao Liu 尚未通过电话催收与上门所需培训（")
    assert "通过前，不能给其分配案件或上门任务。" in zh
    for lapsed_words in ("已过期", "重新", "案件来源选", "again"):
        assert lapsed_words not in zh + said


def test_once_they_hold_a_case_the_notice_says_how_to_move_it(demo_db) -> None:
    agent_id = _new_agent(demo_db)
    with demo_db.session() as s:  # a case left with them (as by an assignment before a rule)
        case_id = s.scalars(
            select(Case.id).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        ).first()
        s.execute(update(Case).where(Case.id == case_id).values(assigned_agent_id=agent_id))
    with demo_db.sessions() as s:
        day = office_today(s)
        said = agent_training_notice(s, agent_id, day)
        typed = agent_training_notice(s, agent_id, day, "cli")
    assert said is not None and said.endswith(
        "To move their cases to trained agents, use Assign by rule… with Cases of: Zhao Liu."
    )
    assert typed is not None and typed.endswith("casedesk assign --rule round-robin --from agent09")
    assert "has not yet passed" in said


def test_the_gap_is_missing_when_a_course_was_never_passed_else_lapsed(demo_db) -> None:
    with demo_db.sessions() as s:
        day = office_today(s)
        lapsed = [
            a for a in agent_choices(s, day) if a.phone_gap == "lapsed"
        ]  # the demo's agent whose passes expired
        assert lapsed
        state = agent_training(s, lapsed[0].id, day)
        assert gap_kind(state.missing_for(WorkKind.PHONE)) == "lapsed"
        assert gap_kind([]) == ""
