"""What stop_work_contact says is what it enforces (QA P #5): the borrower's "not at work" holds
for every channel the rule lists — a call, an SMS, a letter, a visit at work — and CN's
description, which said "calls or visits" only, now names them all (English and Chinese); the US
and UK files say "contact", each channel included."""

from __future__ import annotations

import pytest

from app.compliance import Severity, check, shipped_ruleset
from app.models import Channel
from tests.compliance.util import at, call, ctx, severities

RULE = "stop_work_contact"
ZONES = {"cn": "Asia/Shanghai", "us": "America/New_York", "uk": "Europe/London"}
WORDS = {  # each channel as the CN description names it
    Channel.CALL: ("call", "电话"),
    Channel.SMS: ("SMS", "短信"),
    Channel.LETTER: ("letter", "信函"),
    Channel.VISIT: ("visit", "上门"),
}


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_every_channel_at_work_is_stopped(jurisdiction: str) -> None:
    ruleset = shipped_ruleset(jurisdiction)
    rule = ruleset.rules[RULE]
    assert set(rule.params["channels"]) == {"call", "sms", "letter", "visit"}
    context = ctx(ZONES[jurisdiction], do_not_call_at_work=True)
    for channel in (Channel.CALL, Channel.SMS, Channel.LETTER):
        action = call(at("11:00", ZONES[jurisdiction]), channel=channel, at_workplace=True)
        assert severities(check(action, context, ruleset))[RULE] >= Severity.NEEDS_OVERRIDE
        assert RULE not in severities(check(call(action.at, channel=channel), context, ruleset))


def test_the_cn_description_names_every_channel_it_stops() -> None:
    rule = shipped_ruleset("cn").rules[RULE]
    english, chinese = rule.description("en"), rule.description("zh_CN")
    assert english == (
        "No call, SMS, letter or visit at work when the borrower asked not to be contacted at work."
    )
    assert (
        chinese == "借款人要求不在工作单位联系的，不得在工作单位以电话、短信、信函或上门方式联系。"
    )
    for en, zh in WORDS.values():
        assert en in english and zh in chinese
    assert shipped_ruleset("cn").version == "2026.7"


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_the_us_and_uk_descriptions_say_contact(jurisdiction: str) -> None:
    rule = shipped_ruleset(jurisdiction).rules[RULE]
    assert "contact" in rule.description("en") and "calls or visits" not in rule.description("en")
    assert "联系" in rule.description("zh_CN") and "致电或上门" not in rule.description("zh_CN")
