"""What the shipped rule sets say a rule does is what it does: the related-person do-not-contact
rule holds for every party a contact is logged as, a guarantor's wish included, and each file's
description says so in both languages (the Rules page, the rule dialog and `casedesk rules` show
them)."""

from __future__ import annotations

import pytest

from app.compliance import Severity, check, shipped_ruleset
from app.models import Party
from tests.compliance.util import at, call, ctx, severities

RULE = "related_person_do_not_contact"
ZONES = {"cn": "Asia/Shanghai", "us": "America/New_York", "uk": "Europe/London"}


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_the_do_not_contact_rule_is_described_as_it_holds(jurisdiction: str) -> None:
    ruleset = shipped_ruleset(jurisdiction)
    rule = ruleset.rules[RULE]
    context = ctx(ZONES[jurisdiction], related_person_do_not_contact=True)
    for party in (Party.GUARANTOR, Party.RELATIVE, Party.EMPLOYER, Party.OTHER):
        verdict = check(call(at("11:00", ZONES[jurisdiction]), party=party), context, ruleset)
        assert severities(verdict)[RULE] == Severity.BLOCKED, party
    english, chinese = rule.description("en"), rule.description("zh_CN")
    assert "related person" in english and "guarantor" in english, english
    assert "third party" not in english.lower(), english
    assert "关联人" in chinese and "担保人" in chinese, chinese
    assert "第三方" not in chinese, chinese
