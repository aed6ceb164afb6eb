"""Found by QA on a new office's first day: a supervisor assigning long-overdue cases to an agent
trained for phone work only was told "陈杰 cannot do field work", though they had asked for no
field work (the cases were at the field stage); and a rule run with nothing left to place said
only "0 cases assigned". Each now says why, in the core (window and CLI alike)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import settings
from app.cases.assignment import assign_by_rule, assign_cases, nothing_waiting
from app.cases.rebuild import rebuild_queue
from app.errors import ValidationError
from app.i18n import set_language
from app.models import Case
from app.training import record_training
from app.training.records import find_course
from tests.core.test_queue import _users, office  # noqa: F401 (the fixture)
from tests.office_day import office_today


def _phone_trained(s, who: str) -> None:
    today = office_today()
    u = _users(s)
    for code in ("COMM", "NEGO", "LAW"):
        record_training(s, u["admin"], u[who], find_course(s, code), taken_on=today, score=95)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_field_stage_cases_to_a_phone_only_agent_say_it_is_the_cases_stage(office, lang):  # noqa: F811
    with office.session() as s:
        rebuild_queue(s, None, office_today())
        _phone_trained(s, "agent02")
        field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
        field_stage = [c.case_no for c in s.scalars(select(Case).where(Case.dpd >= field_min))]
        assert field_stage, "the fixture's loans are long overdue by now"
        set_language(lang)
        try:
            with pytest.raises(ValidationError) as refused:
                assign_cases(s, _users(s)["supervisor"], field_stage, "agent02")
            said = refused.value.translated()
        finally:
            set_language("en")
        words = {
            "en": (f"field stage ({field_min}+ days past due)", "Field safety", "Choose an agent"),
            "zh_CN": (f"逾期 {field_min} 天及以上", "外勤安全", "请选择"),
        }[lang]
        for part in words:
            assert part in said, said
        assert (
            s.scalar(select(Case.assigned_agent_id).where(Case.case_no == field_stage[0])) is None
        )


def test_a_rule_run_with_nothing_unassigned_says_so(office):  # noqa: F811
    with office.session() as s:
        rebuild_queue(s, None, office_today())
        u = _users(s)
        for code in ("COMM", "NEGO", "LAW", "SAFE"):
            record_training(
                s, u["admin"], u["agent01"], find_course(s, code), taken_on=office_today(), score=95
            )
        first = assign_by_rule(s, u["supervisor"], "round-robin")
        assert first.assigned == 3 and nothing_waiting(first, None) == ""
        again = assign_by_rule(s, u["supervisor"], "capacity")
        assert again.assigned == 0 and not again.skipped
        assert nothing_waiting(again, None) == (
            "No unassigned open case: every open case has its agent."
        )
        in_m1 = assign_by_rule(s, u["supervisor"], "round-robin", bucket="M1")
        assert nothing_waiting(in_m1, "M1") == "No unassigned open case in M1: nothing to place."
