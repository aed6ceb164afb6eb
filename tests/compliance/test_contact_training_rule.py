"""The rule contact_training, table-driven over the three shipped rule sets: calls, SMS and
letters by an agent without valid phone-work training need a supervisor's override (CN) or are
flagged (US, UK); visits are the business of visit_training."""

from __future__ import annotations

import pytest

from app.compliance import Severity, check, shipped_ruleset
from app.compliance.ruleset import parse_ruleset, shipped_text
from app.models import Channel, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities, visit

UNTRAINED = ctx(caller_without_phone_training="王芳")


@pytest.mark.parametrize(
    ("jurisdiction", "severity"),
    [("cn", Severity.NEEDS_OVERRIDE), ("us", Severity.WARNING), ("uk", Severity.WARNING)],
)
@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS, Channel.LETTER])
def test_an_untrained_caller_is_flagged_on_every_channel(
    jurisdiction: str, severity: Severity, channel: Channel
) -> None:
    rules = shipped_ruleset(jurisdiction)
    verdict = check(call(at("10:00", "Asia/Shanghai"), channel=channel), UNTRAINED, rules)
    assert severities(verdict)["contact_training"] is severity
    assert finding(verdict, "contact_training").params == {"agent": "王芳"}


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_a_trained_caller_or_a_visit_is_not_flagged(jurisdiction: str) -> None:
    rules = shipped_ruleset(jurisdiction)
    trained = check(call(at("10:00", "Asia/Shanghai")), ctx(), rules)
    assert "contact_training" not in severities(trained)
    booked = check(visit(at("10:00", "Asia/Shanghai")), UNTRAINED, rules)
    assert "contact_training" not in severities(booked)


def test_the_finding_reads_in_both_languages() -> None:
    verdict = check(call(at("10:00", "Asia/Shanghai")), UNTRAINED, shipped_ruleset("cn"))
    assert verdict.kind is VerdictKind.NEEDS_OVERRIDE
    found = finding(verdict, "contact_training")
    assert found.text("en") == "王芳 has no valid phone-work training on the day of this contact."
    assert found.text("zh_CN") == "王芳在本次联系当天缺少电话催收所需的有效培训。"


def test_an_office_may_narrow_the_rule_to_calls() -> None:
    head, rule = shipped_text("cn").split("[rules.contact_training]")
    rule = rule.replace('channels = ["call", "sms", "letter"]', 'channels = ["call"]', 1)
    rules = parse_ruleset(f"{head}[rules.contact_training]{rule}", "edited")
    assert rules.param("contact_training", "channels") == ["call"]
    sms = check(call(at("10:00", "Asia/Shanghai"), channel=Channel.SMS), UNTRAINED, rules)
    assert "contact_training" not in severities(sms)
