"""A supervisor looking at one agent's cases is told of that agent's lapsed training, in the third
person, with how to move the cases (the window's words or the command line's); nothing of a fit
agent or of a supervisor. QA: the supervisor's queue filtered to such an agent said nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app import settings
from app.i18n import set_language
from app.models import Case, CaseStatus, Course, TrainingRecord, User
from app.office import office_today
from app.training.agent_notice import agent_training_notice
from app.training.status import WorkKind, office_training


def _states(s):
    return office_training(s, office_today(s))


def _lapse_field(s, agent_id: int) -> list[Course]:
    """The agent's field-only courses made to lapse yesterday."""
    courses = list(s.scalars(select(Course).where(Course.active, Course.required_for == "field")))
    s.execute(
        update(TrainingRecord)
        .where(
            TrainingRecord.agent_id == agent_id,
            TrainingRecord.course_id.in_([c.id for c in courses]),
        )
        .values(expires_on=office_today(s) - dt.timedelta(days=1))
    )
    return courses


def test_an_agent_untrained_for_phone_work(demo_db) -> None:
    with demo_db.sessions() as s:
        unfit = next(a for a in _states(s) if a.missing_for(WorkKind.PHONE))
        day = office_today(s)
        said = agent_training_notice(s, unfit.agent_id, day)
        typed = agent_training_notice(s, unfit.agent_id, day, "cli")
        set_language("zh_CN")
        try:
            zh = agent_training_notice(s, unfit.agent_id, day)
        finally:
            set_language("en")
    courses = ", ".join(c.name_en for c in unfit.missing_for(WorkKind.PHONE))
    assert said == (
        f"{unfit.display_name}'s training for phone and field work has lapsed or is missing "
        f"({courses}): no case or visit can be given to them until they pass it again. Until "
        "then, each call, SMS or letter they make needs a supervisor's override. To move their "
        f"cases to trained agents, use Assign by rule… with Cases of: {unfit.display_name}."
    )
    assert typed is not None and typed.endswith(
        f"casedesk assign --rule round-robin --from {unfit.username}"
    )
    assert zh is not None and zh.startswith(f"{unfit.display_name} 的电话催收与上门所需培训")
    assert "其每次电话、短信或信函都须经主管特批。" in zh and zh.endswith(
        f"案件来源选 {unfit.display_name}。"
    )


def test_an_agent_untrained_for_field_work_holding_field_stage_cases(demo_db) -> None:
    with demo_db.session() as s:
        fit = next(
            a for a in _states(s) if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD)
        )
        courses = _lapse_field(s, fit.agent_id)
    with demo_db.sessions() as s:
        field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
        held = len(
            s.scalars(
                select(Case.id).where(
                    Case.assigned_agent_id == fit.agent_id,
                    Case.status != CaseStatus.CLOSED,
                    Case.dpd >= field_min,
                )
            ).all()
        )
        said = agent_training_notice(s, fit.agent_id, office_today(s))
    assert held > 1  # the demo's agents hold field-stage cases
    names = ", ".join(c.name_en for c in courses)
    assert said is not None and said.startswith(
        f"{fit.display_name}'s training for field work has lapsed or is missing ({names}): they "
        "cannot be put on a visit, nor given cases at the field stage, until they pass it again. "
        f"They hold {held} open cases at the field stage ({field_min}+ days past due)."
    )


def test_nothing_to_say_of_a_fit_agent_or_a_supervisor(demo_db) -> None:
    with demo_db.sessions() as s:
        fit = next(
            a for a in _states(s) if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD)
        )
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        assert agent_training_notice(s, fit.agent_id, office_today(s)) is None
        assert agent_training_notice(s, boss.id, office_today(s)) is None
