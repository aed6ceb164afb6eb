"""UK rule set (FCA CONC 7), table-driven: warned hours, identity first, reasonable requests."""

from __future__ import annotations

import datetime as dt

import pytest

from app.compliance import History, Severity, check, shipped_ruleset
from app.models import Channel, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities, visit

UK = shipped_ruleset("uk")
LDN = "Europe/London"
A, W, N, B = (
    VerdictKind.ALLOWED,
    VerdictKind.WARNING,
    VerdictKind.NEEDS_OVERRIDE,
    VerdictKind.BLOCKED,
)


@pytest.mark.parametrize(
    ("local", "expected"),
    [("07:59", W), ("08:00", A), ("21:00", A), ("21:01", W), ("02:00", W)],
)
def test_quiet_hours_warn(local: str, expected: VerdictKind) -> None:
    verdict = check(call(at(local, LDN)), ctx(LDN), UK)
    assert verdict.kind == expected
    assert verdict.saved  # a warning is saved, flagged
    assert verdict.ruleset == "UK 2026.7"


@pytest.mark.parametrize(
    ("utc_time", "expected"),
    # Summer: London is UTC+1, so 20:30 UTC is 21:30 local; 07:00 UTC is 08:00 local.
    [("20:00", A), ("20:30", W), ("06:59", W), ("07:00", A)],
)
def test_borrower_clock_in_summer_time(utc_time: str, expected: VerdictKind) -> None:
    when = at(utc_time, "UTC", dt.date(2026, 7, 1))
    assert check(call(when), ctx(LDN), UK).kind == expected


def test_a_reasonable_request_for_late_contact_is_honoured() -> None:
    verdict = check(call(at("21:30", LDN)), ctx(LDN, quiet_hours_consent=True), UK)
    assert verdict.kind == A
    assert finding(verdict, "quiet_hours").severity == Severity.INFO


def test_daily_caps_are_configurable_and_off_by_default() -> None:
    assert UK.rule("daily_conversation_cap").enabled is False  # type: ignore[union-attr]
    history = History(conversations_today=9, attempts_today_on_number=30)
    assert check(call(at("10:00", LDN)), ctx(LDN, history=history), UK).kind == A


@pytest.mark.parametrize("party", [Party.RELATIVE, Party.EMPLOYER, Party.OTHER])
def test_third_party_identity_first(party: Party) -> None:
    verdict = check(call(at("10:00", LDN), party=party), ctx(LDN), UK)
    assert verdict.kind == W
    assert finding(verdict, "third_party_disclosure").params == {"script": "identity_first"}


@pytest.mark.parametrize(
    ("flags", "action_kw", "rule", "expected"),
    [
        ({"contact_refused": True}, {}, "stop_contact_refused", N),
        ({"has_lawyer": True}, {}, "stop_lawyer", N),
        ({"do_not_call_at_work": True}, {"at_workplace": True}, "stop_work_contact", N),
        ({"case_paused": True}, {"channel": Channel.SMS}, "case_paused", B),
        ({"related_person_do_not_contact": True}, {"party": Party.RELATIVE}, None, B),
    ],
)
def test_stop_flags(flags, action_kw, rule, expected) -> None:  # type: ignore[no-untyped-def]
    verdict = check(call(at("10:00", LDN), **action_kw), ctx(LDN, **flags), UK)
    assert verdict.kind == expected
    if rule:
        assert rule in severities(verdict)


@pytest.mark.parametrize(
    ("action_kw", "context_kw", "rule", "expected"),
    [
        ({}, {}, None, A),
        ({}, {"vulnerable": True}, "visit_vulnerable", B),
        ({"at_workplace": True}, {}, "visit_workplace", B),
        ({}, {"home_visit_consent": False}, "visit_consent", W),  # no notice given
        ({}, {"do_not_visit": True}, "stop_do_not_visit", B),
        ({"visit_agents": (1,)}, {}, None, A),  # staffing is not a UK default rule
    ],
)
def test_visits(action_kw, context_kw, rule, expected) -> None:  # type: ignore[no-untyped-def]
    verdict = check(visit(at("10:00", LDN), **action_kw), ctx(LDN, **context_kw), UK)
    assert verdict.kind == expected
    if rule:
        assert rule in severities(verdict)


def test_a_vulnerable_borrower_may_still_be_called() -> None:
    assert check(call(at("10:00", LDN)), ctx(LDN, vulnerable=True), UK).kind == A
