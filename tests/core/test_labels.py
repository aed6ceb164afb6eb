"""Words the core gives the UI, the CLI and the reports: spans of time and lists of names."""

from __future__ import annotations

import pytest

from app.i18n import listed, sentences
from app.labels import duration


@pytest.mark.parametrize(
    ("minutes", "en", "zh"),
    [
        (0, "0 min", "0 分钟"),
        (45, "45 min", "45 分钟"),
        (60, "1 h", "1 小时"),
        (673, "11 h 13 min", "11 小时 13 分钟"),
        (-5, "0 min", "0 分钟"),  # a clock a little behind never says "-5 min"
    ],
)
def test_duration_in_hours_and_minutes(minutes: int, en: str, zh: str) -> None:
    assert duration(minutes, "en") == en
    assert duration(minutes, "zh_CN") == zh


def test_names_are_listed_with_dunhao_in_chinese_and_commas_in_english() -> None:
    assert listed(["王芳", "李强"], "zh_CN") == "王芳、李强"
    assert listed(["Wang Fang", "Li Qiang"], "en") == "Wang Fang, Li Qiang"
    assert listed([], "zh_CN") == ""


def test_sentences_follow_each_other_without_a_space_after_chinese_punctuation() -> None:
    assert sentences(["计入 2 期。", "多付 5.00 元。"], "zh_CN") == "计入 2 期。多付 5.00 元。"
    assert sentences(["Two instalments.", "", "5.00 over."], "en") == "Two instalments. 5.00 over."


def test_every_rule_has_a_name_in_both_languages() -> None:
    from app.compliance.ruleset import PARAMS
    from app.i18n import tr
    from app.labels import RULE

    assert set(RULE) == set(PARAMS)
    chinese = {rule: tr(RULE[rule], "zh_CN") for rule in PARAMS}
    assert all(text != RULE[rule] for rule, text in chinese.items()), chinese
    assert len(set(chinese.values())) == len(chinese)  # no two rules share a name


def test_rule_lists_read_as_names() -> None:
    from app.labels import rule_names

    assert rule_names("quiet_hours,third_party_disclosure", "en") == (
        "Quiet hours, No disclosure to third parties"
    )
    assert rule_names(["quiet_hours", "case_paused"], "zh_CN") == "免打扰时段、案件因投诉暂停联系"
    assert rule_names("", "en") == ""
    assert rule_names("a_rule_from_a_later_version", "en") == "a_rule_from_a_later_version"


def test_a_loan_in_repayment_is_not_called_enabled() -> None:
    """A loan's "Active" and a course's "In use" are two words in Chinese (还款中, 启用)."""
    from app.i18n import tr
    from app.labels import LOAN_STATUS, label

    assert label(LOAN_STATUS, "active", "zh_CN") == "还款中"
    assert tr("In use", "zh_CN") == "启用"
