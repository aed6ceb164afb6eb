"""An admin's change to a rule's parameters is checked in words before a version is written
(app.compliance.param_checks): the parameter named as the Rules page names it, not a line of a
TOML text nobody sees; "8:00" is a time; a value that would break its rule (no day to answer a
complaint, a cap of 0, a complex complaint answered sooner than a simple one) is refused; a new
version is in force from the office's today, not from the shipped file's date."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.compliance import active_ruleset, change_parameters
from app.errors import ValidationError
from app.models import RuleSetVersion, User
from app.office import office_today
from tests.compliance.test_ruleset import office  # noqa: F401 (fixture)


def _admin(s):  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


@pytest.mark.parametrize(
    ("rule", "params", "english", "chinese"),
    [
        (
            "quiet_hours",
            {"start": "25:00"},
            "Quiet from: 25:00 is not a time of day (HH:MM).",
            "免打扰开始：25:00 不是有效时刻（HH:MM）。",
        ),
        (
            "quiet_hours",
            {"start": ""},  # a field left empty: it read "Quiet from:  is not a time of day"
            "Quiet from: no time is given; write one as HH:MM.",
            "免打扰开始：未填写时刻，请按 HH:MM 填写。",
        ),
        (
            "quiet_hours",
            {"start": "08:00"},
            "Quiet until: the quiet hours start and end at 08:00, which leaves no quiet hours; "
            "turn the rule off instead.",
            "免打扰结束：免打扰时段的开始与结束都是 08:00，等于没有免打扰时段；"
            "如不需要，请关闭此规则。",
        ),
        (
            "complaint_deadlines",
            {"answer_days": 0},
            "Days to answer: 0 is not a whole number of at least 1.",
            "答复期限（天）：0 不是大于等于 1 的整数。",
        ),
        (
            "complaint_deadlines",
            {"complex_answer_days": 10},
            "Days to answer a complex complaint (10) cannot be less than Days to answer (15).",
            "复杂投诉答复期限（天）为 10，不能少于答复期限（天）（15）。",
        ),
        (
            "daily_conversation_cap",
            {"max": 0},
            "At most: 0 is not a whole number of at least 1.",
            "上限：0 不是大于等于 1 的整数。",
        ),
        (
            "visit_staffing",
            {"min_agents": "two"},
            "Agents needed: two is not a whole number of at least 1.",
            "所需催收员人数：two 不是大于等于 1 的整数。",
        ),
        (
            "daily_attempt_cap",
            {"channels": []},
            "Channels: none is ticked, so the rule would never apply; turn the rule off instead.",
            "渠道：一项也未勾选，此规则将永不适用；如不需要，请关闭此规则。",
        ),
        (
            "third_party_disclosure",
            {"parties": []},
            "Parties: none is ticked, so the rule would never apply; turn the rule off instead.",
            "联系对象：一项也未勾选，此规则将永不适用；如不需要，请关闭此规则。",
        ),
    ],
)
def test_a_bad_value_is_refused_in_words_and_nothing_is_stored(
    office,  # noqa: F811
    rule: str,
    params: dict,
    english: str,
    chinese: str,
) -> None:
    with office.session() as s:
        admin = _admin(s)
        active_ruleset(s)
        with pytest.raises(ValidationError) as refused:
            change_parameters(s, admin, rule, params)
        assert s.scalar(select(func.count(RuleSetVersion.id))) == 1
    assert refused.value.translated("en") == english
    assert refused.value.translated("zh_CN") == chinese


def test_a_time_written_8_00_is_kept_as_08_00(office) -> None:  # noqa: F811
    with office.session() as s:
        change_parameters(s, _admin(s), "quiet_hours", {"end": "7:30"})
        ruleset, _id = active_ruleset(s)
    assert ruleset.param("quiet_hours", "end") == "07:30"


@pytest.mark.parametrize("typed", ["21：30", "２１：３０", "２１:３０", " 21：30 "])
def test_a_time_typed_full_width_is_kept_as_hh_mm(office, typed: str) -> None:  # noqa: F811
    """A Chinese input method's colon and digits (QA: "21：30" was refused as no time of day)."""
    with office.session() as s:
        change_parameters(s, _admin(s), "quiet_hours", {"start": typed})
        ruleset, _id = active_ruleset(s)
    assert ruleset.param("quiet_hours", "start") == "21:30"


def test_digits_of_another_script_are_no_time(office) -> None:  # noqa: F811
    with office.session() as s, pytest.raises(ValidationError):
        change_parameters(s, _admin(s), "quiet_hours", {"start": "٢١:٣٠"})


def test_both_complaint_periods_may_move_together(office) -> None:  # noqa: F811
    with office.session() as s:
        change_parameters(
            s, _admin(s), "complaint_deadlines", {"answer_days": 40, "complex_answer_days": 60}
        )
        ruleset, _id = active_ruleset(s)
    assert ruleset.param("complaint_deadlines", "complex_answer_days") == 60


def test_a_new_version_is_in_force_from_the_office_s_today(office) -> None:  # noqa: F811
    with office.session() as s:
        row = change_parameters(s, _admin(s), "daily_conversation_cap", {"max": 2})
        today = office_today(s)
        ruleset, _id = active_ruleset(s)
    assert row.effective_on == today and ruleset.effective_on == today


def test_a_rule_turned_off_may_keep_no_channel_ticked(office) -> None:  # noqa: F811
    with office.session() as s:
        change_parameters(s, _admin(s), "daily_attempt_cap", {"enabled": False, "channels": []})
        ruleset, _id = active_ruleset(s)
    assert ruleset.param("daily_attempt_cap", "channels") == []
