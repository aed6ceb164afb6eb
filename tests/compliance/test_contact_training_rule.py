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


def test_the_agents_own_notice_says_what_the_rule_in_force_does_to_their_calls(db) -> None:
    """The queue's notice to an agent without phone training names the consequence of the rule
    set in force: CN's override, US's flag; a severity an admin raised or a rule turned off."""
    import datetime as dt

    from app.auth import add_user
    from app.compliance.versions import change_parameters, select_jurisdiction
    from app.i18n import set_language
    from app.office import create_office
    from app.training.status import own_training_notice

    today = dt.date.today()
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")

        def said() -> str:
            notice = own_training_notice(s, agent.id, today)
            assert notice is not None
            return notice

        assert said().endswith(
            "again. Until then, each call, SMS or letter you make needs a supervisor's override."
        )
        set_language("zh_CN")
        try:
            assert said().endswith(
                "再分配案件或上门任务给您。在此之前，您的每次电话、短信或信函都须经主管特批。"
            )
        finally:
            set_language("en")
        select_jurisdiction(s, admin, "us")
        assert said().endswith(
            " each call, SMS or letter you make is flagged in the compliance report."
        )
        change_parameters(s, admin, "contact_training", {"severity": Severity.BLOCKED})
        assert said().endswith(" Until then, you cannot call, text or write to borrowers.")
        change_parameters(s, admin, "contact_training", {"enabled": False})
        assert said().endswith("until you pass it again.")
