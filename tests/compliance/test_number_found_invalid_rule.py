"""The rule number_found_invalid, table-driven over the three shipped rule sets: a call or SMS to
the borrower on a number the newest contact on it found wrong or not in service needs a
supervisor's override (CN) or is flagged (US, UK), with the day it was found and what to do
next in both languages; another number, a letter or a third party on their own number is not its
business."""

from __future__ import annotations

import datetime as dt

import pytest

from app.compliance import History, Severity, check, shipped_ruleset
from app.compliance.advice import advice
from app.compliance.ruleset import parse_ruleset, shipped_text
from app.models import Channel, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities

RULE = "number_found_invalid"
SH = "Asia/Shanghai"
# Found wrong at 23:30 on 9 March in Shanghai: 15:30 UTC, the same day there and in UTC.
FOUND = at("23:30", SH, dt.date(2026, 3, 9)).astimezone(dt.UTC)
WRONG = ctx(history=History(number_found_invalid=(FOUND, "wrong_number")))
DEAD = ctx(history=History(number_found_invalid=(FOUND, "invalid_number")))


@pytest.mark.parametrize(
    ("jurisdiction", "severity", "kind"),
    [
        ("cn", Severity.NEEDS_OVERRIDE, VerdictKind.NEEDS_OVERRIDE),
        ("us", Severity.WARNING, VerdictKind.WARNING),
        ("uk", Severity.WARNING, VerdictKind.WARNING),
    ],
)
@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS])
def test_a_number_found_invalid_is_flagged_on_calls_and_sms(
    jurisdiction: str, severity: Severity, kind: VerdictKind, channel: Channel
) -> None:
    rules = shipped_ruleset(jurisdiction)
    for context in (WRONG, DEAD):
        verdict = check(call(at("10:00", SH), channel=channel), context, rules)
        assert severities(verdict)[RULE] is severity and verdict.kind is kind
        assert finding(verdict, RULE).citation == rules.rules[RULE].citation
    assert RULE not in severities(check(call(at("10:00", SH), channel=channel), ctx(), rules))


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_a_letter_or_a_third_party_is_not_its_business(jurisdiction: str) -> None:
    rules = shipped_ruleset(jurisdiction)
    letter = check(call(at("10:00", SH), channel=Channel.LETTER), WRONG, rules)
    assert RULE not in severities(letter)
    relative = check(call(at("10:00", SH), party=Party.RELATIVE), WRONG, rules)
    assert RULE not in severities(relative)


def test_the_finding_and_its_advice_read_in_both_languages() -> None:
    rules = shipped_ruleset("cn")
    wrong = finding(check(call(at("10:00", SH)), WRONG, rules), RULE)
    assert wrong.params == {"date": "2026-03-09", "outcome": "wrong_number"}  # Shanghai's day
    assert wrong.text("en") == (
        "On 2026-03-09 a call on this number reached someone other than the borrower "
        "(wrong number)."
    )
    assert wrong.text("zh_CN") == "2026-03-09 拨打此号码时，接听者并非借款人（号码错误）。"
    dead = finding(check(call(at("10:00", SH)), DEAD, rules), RULE)
    assert dead.text("en") == "On 2026-03-09 a contact found this number not in service."
    assert dead.text("zh_CN") == "2026-03-09 联系时发现此号码为空号或已停用。"
    # Said under a needs-override finding and a warning alike (advice is for blocks otherwise).
    us = finding(check(call(at("10:00", SH)), WRONG, shipped_ruleset("us")), RULE)
    for found in (wrong, dead, us):
        assert advice(found, "en") == (
            "Use another of the borrower's numbers, or confirm this one with the borrower first."
        )
        assert advice(found, "zh_CN") == "请改用借款人的其他号码，或先与借款人确认此号码。"


def test_an_office_may_narrow_it_to_calls_or_switch_it_off() -> None:
    text = shipped_text("cn")
    head, rule = text.split(f"[rules.{RULE}]")
    narrowed = rule.replace('channels = ["call", "sms"]', 'channels = ["call"]', 1)
    rules = parse_ruleset(f"{head}[rules.{RULE}]{narrowed}", "edited")
    assert rules.param(RULE, "channels") == ["call"]
    assert RULE not in severities(check(call(at("10:00", SH), channel=Channel.SMS), WRONG, rules))
    assert RULE in severities(check(call(at("10:00", SH)), WRONG, rules))
    off = rule.replace("enabled = true", "enabled = false", 1)
    rules = parse_ruleset(f"{head}[rules.{RULE}]{off}", "edited")
    assert check(call(at("10:00", SH)), WRONG, rules).kind is VerdictKind.ALLOWED


def test_an_office_on_an_earlier_rule_set_is_offered_it_and_adding_it_judges(db) -> None:
    """An office whose rule set was stored before 2026.5 lacks the rule (it never runs); the
    start's notice and the Rules page name it, in both languages, and an admin adds it."""
    from app.compliance import active_ruleset
    from app.compliance.shipped_rules import add_shipped_rules, missing_shipped_rules
    from app.office import create_office
    from tests.compliance.util import store_old_ruleset

    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        store_old_ruleset(s, RULE)
        assert RULE not in active_ruleset(s)[0].rules
        [missing] = missing_shipped_rules(s, "en")
        assert (missing.id, missing.label, missing.severity) == (
            RULE,
            "No contact on a number found invalid",
            "needs_override",
        )
        assert "PIPL Art. 6, 10" in missing.citation
        [zh] = missing_shipped_rules(s, "zh_CN")
        assert zh.label == "不联系已发现无效的号码" and "《个人信息保护法》" in zh.citation
        row = add_shipped_rules(s, admin, [RULE])
        assert row.version == "2026.1-r2" and missing_shipped_rules(s) == []
        ruleset = active_ruleset(s)[0]
    verdict = check(call(at("10:00", SH)), WRONG, ruleset)
    assert verdict.kind is VerdictKind.NEEDS_OVERRIDE and RULE in severities(verdict)
