"""A rule run gives an agent whose field training lapsed the phone-stage cases: that agent was
not "left out for their training" (QA: "因培训未获分配：杜平" of an agent given 12 of the run's 62
cases); the run says they got no field-stage case. An agent given nothing is still left out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app import settings
from app.cases.assignment import assign_by_rule, unassign_cases
from app.cases.passed_over import passed_over_text
from app.i18n import set_language
from app.models import Case, CaseStatus, Course, TrainingRecord, User
from app.training import WorkKind, office_training


def _field_lapsed(s, agent_id: int) -> None:  # type: ignore[no-untyped-def]
    for record in s.scalars(
        select(TrainingRecord)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(TrainingRecord.agent_id == agent_id, Course.required_for == "field")
    ):
        record.expires_on = dt.date(2000, 1, 1)


def _placed(demo_db, where, bucket=None) -> tuple[object, str, str, User]:  # type: ignore[no-untyped-def]
    """Hand back the open cases matching `where`, lapse one fit agent's field training, run
    round-robin (in `bucket`): (summary, words in English, words in Chinese, that agent)."""
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        states = office_training(s, settings.as_of(s))
        agent = s.get(User, next(a.agent_id for a in states if a.qualified(WorkKind.FIELD)))
        _field_lapsed(s, agent.id)
        chosen = list(
            s.scalars(select(Case.case_no).where(Case.status != CaseStatus.CLOSED, *where))
        )
        unassign_cases(s, supervisor, chosen)
        summary = assign_by_rule(s, supervisor, "round-robin", bucket=bucket)
        english = passed_over_text(s, summary)
        set_language("zh_CN")
        try:
            chinese = passed_over_text(s, summary)
        finally:
            set_language("en")
    return summary, english, chinese, agent


def test_an_agent_given_phone_stage_cases_is_not_left_out(demo_db) -> None:
    summary, english, chinese, agent = _placed(demo_db, ())
    assert summary.got[agent.id] > 0  # phone-stage cases came their way
    assert summary.passed_over[agent.id] == "field_only"
    who = f"{agent.display_name} ({agent.username})"
    assert f"No field-stage case, for their field training: {who} — field training lapsed." in (
        english
    )
    assert f"Left out for their training: {who}" not in english and who + " — no field" not in (
        english
    )
    assert (
        f"因上门培训未获分配上门阶段案件：{agent.display_name}（{agent.username}）——上门培训已过期。"
        in chinese
    )


def test_an_agent_given_nothing_is_left_out(demo_db) -> None:
    with demo_db.sessions() as s:
        assert int(settings.get(s, "queue.field_stage_min_dpd")) <= 91
    # Only M4+ (91–180 days past due) is placed: every case of the run is at the field stage.
    summary, english, _chinese, agent = _placed(demo_db, (Case.dpd >= 91,), "M4+")
    assert summary.assigned > 0 and summary.got[agent.id] == 0
    assert summary.passed_over[agent.id] == "field"
    assert f"{agent.display_name} ({agent.username}) — no field work" in english
    assert "No field-stage case" not in english
