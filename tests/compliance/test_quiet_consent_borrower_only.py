"""The borrower's consent to contact in quiet hours is the borrower's alone: a relative, a
guarantor, an employer or anyone else called or sent an SMS in quiet hours is refused as if no one
had agreed (QA s45 finding 1); the borrower is still allowed, with an info note."""

from __future__ import annotations

import pytest

from app.compliance import Severity, check, explain, shipped_ruleset
from app.compliance.quiet_visit import QUIET_NOT_BORROWER
from app.models import Channel, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding

SH = "Asia/Shanghai"
OTHERS = [Party.RELATIVE, Party.GUARANTOR, Party.EMPLOYER, Party.OTHER]


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS])
@pytest.mark.parametrize("party", OTHERS)
def test_anyone_but_the_borrower_is_refused_in_quiet_hours(channel, party) -> None:
    action = call(at("01:31", SH), channel=channel, party=party, related_person_id=263)
    verdict = check(action, ctx(quiet_hours_consent=True), shipped_ruleset("cn"))
    assert verdict.kind is VerdictKind.BLOCKED
    quiet = finding(verdict, "quiet_hours")
    assert quiet.severity is Severity.BLOCKED
    assert quiet.message == QUIET_NOT_BORROWER
    assert "quiet_hours" in verdict.rules


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS])
def test_the_borrower_who_agreed_is_allowed(channel) -> None:
    verdict = check(
        call(at("01:31", SH), channel=channel), ctx(quiet_hours_consent=True), shipped_ruleset("cn")
    )
    assert verdict.kind is VerdictKind.ALLOWED
    assert finding(verdict, "quiet_hours").severity is Severity.INFO
    assert verdict.rules == []  # an allowed finding is no rule broken


def test_the_relative_is_refused_in_words_in_both_languages() -> None:
    action = call(at("01:31", SH), party=Party.RELATIVE, related_person_id=263)
    verdict = check(action, ctx(quiet_hours_consent=True), shipped_ruleset("cn"))
    en = next(line for line in explain(verdict, "en") if "01:31" in line)
    zh = next(line for line in explain(verdict, "zh_CN") if "01:31" in line)
    assert "only the borrower" in en
    assert "不包括其亲属或其他人" in zh


def test_outside_quiet_hours_the_relative_is_not_flagged_for_them() -> None:
    action = call(at("15:00", SH), party=Party.RELATIVE, related_person_id=263)
    verdict = check(action, ctx(quiet_hours_consent=True), shipped_ruleset("cn"))
    assert all(f.rule != "quiet_hours" for f in verdict.findings)


def test_the_uk_warning_stays_a_warning_for_a_relative() -> None:
    """UK quiet hours warn: a relative at night with the borrower's consent is warned, not
    refused and not allowed silently."""
    zone = "Europe/London"
    action = call(at("22:30", zone), party=Party.RELATIVE, related_person_id=263)
    verdict = check(action, ctx(zone, quiet_hours_consent=True), shipped_ruleset("uk"))
    quiet = finding(verdict, "quiet_hours")
    assert quiet.severity is not Severity.INFO
