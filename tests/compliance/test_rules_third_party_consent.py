"""third_party_consent: a third party is contacted only when the loan contract allows it or the
person agreed to be contacted — CN blocks, UK warns, US ships it switched off (FDCPA 1692b)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.compliance import History, RuleSet, Severity, check, shipped_ruleset
from app.models import Outcome, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities

CN, UK, US = (shipped_ruleset(j) for j in ("cn", "uk", "us"))
SH = "Asia/Shanghai"
THIRD_PARTIES = [Party.RELATIVE, Party.EMPLOYER, Party.OTHER]
# Three unanswered calls to the borrower: third_party_threshold no longer stands in the way.
TRIED = History(consecutive_failed_attempts=3)
NO_CONSENT = {"third_party_consent": False, "related_person_consent": False}
NOT_AGREED = (
    "The loan contract does not allow contact with third parties, and this person has not "
    "agreed to be contacted."
)


def with_params(ruleset: RuleSet, **params: object) -> RuleSet:
    """The rule set with third_party_consent's parameters changed (and the rule enabled)."""
    rule = ruleset.rules["third_party_consent"]
    changed = replace(rule, enabled=True, params=rule.params | params)
    return replace(ruleset, rules=ruleset.rules | {"third_party_consent": changed})


def relative_call(party: Party = Party.RELATIVE, **context: object):  # type: ignore[no-untyped-def]
    action = call(at("10:00", SH), party=party, outcome=Outcome.CONNECTED, related_person_id=1)
    return action, ctx(history=TRIED, **context)


@pytest.mark.parametrize("party", THIRD_PARTIES)
def test_cn_blocks_a_third_party_without_any_consent_even_after_three_failed_calls(party) -> None:  # type: ignore[no-untyped-def]
    verdict = check(*relative_call(party, **NO_CONSENT), CN)
    assert verdict.kind is VerdictKind.BLOCKED and not verdict.saved
    assert "third_party_threshold" not in severities(verdict)  # the threshold alone lets it by
    found = finding(verdict, "third_party_consent")
    assert found.severity is Severity.BLOCKED and found.message == NOT_AGREED
    assert found.citation == "PIPL Art. 13, 28–29; Civil Code Art. 1033, 1038"
    assert found.text("zh_CN") == "借款合同未约定可联系第三方，且此人未同意被联系。"
    assert verdict.findings[0].rule == "third_party_consent"  # the most severe comes first


def test_without_the_rule_the_same_call_was_allowed() -> None:
    """The gap the rule closes: the rule set before it let the call through with a reminder."""
    rules = {k: v for k, v in CN.rules.items() if k != "third_party_consent"}
    verdict = check(*relative_call(**NO_CONSENT), replace(CN, rules=rules))
    assert verdict.kind is VerdictKind.WARNING


@pytest.mark.parametrize(
    "consent",
    [
        {"third_party_consent": False, "related_person_consent": True},  # the person agreed
        {"third_party_consent": True, "related_person_consent": False},  # the contract allows
        {"third_party_consent": True, "related_person_consent": True},
    ],
)
def test_either_consent_lets_the_call_through(consent: dict[str, bool]) -> None:
    verdict = check(*relative_call(**consent), CN)
    assert "third_party_consent" not in severities(verdict)
    assert verdict.kind is VerdictKind.WARNING  # the disclosure reminder only


def test_before_three_failed_calls_both_rules_speak_and_the_block_wins() -> None:
    action, _ = relative_call()
    verdict = check(action, ctx(**NO_CONSENT), CN)
    assert verdict.kind is VerdictKind.BLOCKED
    assert [f.rule for f in verdict.findings] == [
        "third_party_consent",
        "third_party_threshold",
        "third_party_disclosure",
    ]


@pytest.mark.parametrize("ruleset", [CN, UK, with_params(US)], ids=["cn", "uk", "us-on"])
def test_a_guarantor_is_never_a_third_party(ruleset: RuleSet) -> None:
    verdict = check(*relative_call(Party.GUARANTOR, **NO_CONSENT), ruleset)
    assert "third_party_consent" not in severities(verdict)


def test_the_borrower_is_not_affected() -> None:
    verdict = check(call(at("10:00", SH)), ctx(**NO_CONSENT), CN)
    assert "third_party_consent" not in severities(verdict)


@pytest.mark.parametrize("party", THIRD_PARTIES)
def test_uk_warns_and_saves(party: Party) -> None:
    action, context = relative_call(party, **NO_CONSENT)
    verdict = check(action, replace(context, borrower_timezone="Europe/London"), UK)
    assert verdict.kind is VerdictKind.WARNING and verdict.saved
    found = finding(verdict, "third_party_consent")
    assert found.severity is Severity.WARNING and "UK GDPR" in found.citation
    assert "CONC 7.9" in found.citation


def test_us_ships_the_rule_switched_off_and_says_why() -> None:
    rule = US.rule("third_party_consent")
    assert rule is not None and not rule.enabled
    assert "1692b" in rule.description_en and "1692b" in rule.description_zh
    action, context = relative_call(**NO_CONSENT)
    verdict = check(action, replace(context, borrower_timezone="America/New_York"), US)
    assert "third_party_consent" not in severities(verdict)
    enabled = check(action, context, with_params(US))
    assert severities(enabled)["third_party_consent"] is Severity.WARNING


def test_when_the_persons_consent_does_not_suffice_only_the_contract_counts() -> None:
    strict = with_params(CN, person_consent_suffices=False)
    agreed = check(*relative_call(third_party_consent=False, related_person_consent=True), strict)
    assert agreed.kind is VerdictKind.BLOCKED
    found = finding(agreed, "third_party_consent")
    assert "the person's own agreement is not enough" in found.message
    assert found.text("zh_CN").startswith("借款合同未约定可联系第三方；")
    contract = check(*relative_call(third_party_consent=True, related_person_consent=False), strict)
    assert "third_party_consent" not in severities(contract)


def test_the_parties_parameter_narrows_the_rule() -> None:
    relatives_only = with_params(CN, parties=["relative"])
    employer = check(*relative_call(Party.EMPLOYER, **NO_CONSENT), relatives_only)
    relative = check(*relative_call(Party.RELATIVE, **NO_CONSENT), relatives_only)
    assert "third_party_consent" not in severities(employer)
    assert "third_party_consent" in severities(relative)
