"""CN default rule set, table-driven: quiet hours, caps, third parties, stop flags, visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.compliance import History, Severity, check, shipped_ruleset
from app.models import Channel, Outcome, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities, visit

CN = shipped_ruleset("cn")
SH = "Asia/Shanghai"
A, W, N, B = (
    VerdictKind.ALLOWED,
    VerdictKind.WARNING,
    VerdictKind.NEEDS_OVERRIDE,
    VerdictKind.BLOCKED,
)


@pytest.mark.parametrize(
    ("local", "expected"),
    [("21:59", A), ("22:00", B), ("23:30", B), ("03:00", B), ("07:59", B), ("08:00", A)],
)
@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS, Channel.LETTER])
def test_quiet_hours_boundary_minutes(local: str, expected: VerdictKind, channel: Channel) -> None:
    verdict = check(call(at(local, SH), channel=channel), ctx(), CN)
    assert verdict.kind == expected
    assert ("quiet_hours" in severities(verdict)) == (expected == B)
    assert verdict.ruleset == "CN 2026.7"


@pytest.mark.parametrize(("local", "expected"), [("21:59", A), ("22:00", B), ("07:59", B)])
def test_quiet_hours_apply_to_visits(local: str, expected: VerdictKind) -> None:
    verdict = check(visit(at(local, SH), hours=0.01), ctx(), CN)
    assert verdict.kind == expected


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [("21:00", 1, A), ("21:00", 1.5, B), ("20:00", 14, B), ("08:00", 2, A)],
)
def test_a_visit_must_end_before_quiet_hours(start: str, hours: float, expected: str) -> None:
    verdict = check(visit(at(start, SH), hours=hours), ctx(), CN)
    assert verdict.kind == expected


def test_consent_lifts_quiet_hours_with_an_info_note() -> None:
    verdict = check(call(at("23:00", SH)), ctx(quiet_hours_consent=True), CN)
    assert verdict.kind == A
    assert finding(verdict, "quiet_hours").severity == Severity.INFO


@pytest.mark.parametrize(
    ("office_time", "expected"),
    # Urumqi is two hours behind Shanghai: the borrower's clock decides.
    [("23:30", A), ("23:59", A), ("00:00", B), ("08:30", B), ("09:59", B), ("10:00", A)],
)
def test_borrower_in_another_time_zone(office_time: str, expected: VerdictKind) -> None:
    verdict = check(call(at(office_time, SH)), ctx("Asia/Urumqi"), CN)
    assert verdict.kind == expected


@pytest.mark.parametrize(
    ("conversations_today", "outcome", "expected"),
    [
        (2, None, A),  # the third conversation
        (3, None, B),  # the fourth
        (2, Outcome.CONNECTED, A),
        (3, Outcome.CONNECTED, B),
        (3, Outcome.NO_ANSWER, A),  # an unanswered attempt is no conversation
    ],
)
def test_daily_conversation_cap(conversations_today: int, outcome, expected) -> None:  # type: ignore[no-untyped-def]
    history = History(conversations_today=conversations_today)
    verdict = check(call(at("10:00", SH), outcome=outcome), ctx(history=history), CN)
    assert verdict.kind == expected
    if expected == B:
        params = finding(verdict, "daily_conversation_cap").params
        assert params == {"count": 3, "max": 3, "date": params["date"]}  # the borrower's day


def test_conversation_cap_ignores_sms() -> None:
    history = History(conversations_today=3)
    verdict = check(call(at("10:00", SH), channel=Channel.SMS), ctx(history=history), CN)
    assert verdict.kind == A


@pytest.mark.parametrize(
    ("attempts", "outcome", "expected"),
    [
        (5, None, A),  # the sixth attempt on the number
        (6, None, B),  # the seventh
        (5, Outcome.NO_ANSWER, A),
        (6, Outcome.BUSY, B),
        (6, Outcome.FAILED, B),
        (6, Outcome.CONNECTED, A),
    ],
)
def test_daily_attempt_cap_per_number(attempts: int, outcome, expected) -> None:  # type: ignore[no-untyped-def]
    history = History(attempts_today_on_number=attempts)
    action = call(at("10:00", SH), outcome=outcome, phone_number="13800000000")
    assert check(action, ctx(history=history), CN).kind == expected


@pytest.mark.parametrize(
    ("failed", "invalid", "expected"),
    [(0, False, N), (2, False, N), (3, False, W), (5, False, W), (0, True, W)],
)
@pytest.mark.parametrize("party", [Party.RELATIVE, Party.EMPLOYER, Party.OTHER])
def test_third_party_after_failed_attempts(failed, invalid, expected, party) -> None:  # type: ignore[no-untyped-def]
    history = History(consecutive_failed_attempts=failed, borrower_number_invalid=invalid)
    verdict = check(call(at("10:00", SH), party=party), ctx(history=history), CN)
    assert verdict.kind == expected
    reminder = finding(verdict, "third_party_disclosure")
    assert reminder.severity == Severity.WARNING
    assert "do not disclose the debt" in reminder.message
    assert reminder.citation


def test_third_party_threshold_comes_first_in_the_findings() -> None:
    verdict = check(call(at("10:00", SH), party=Party.RELATIVE), ctx(), CN)
    assert [f.rule for f in verdict.findings] == ["third_party_threshold", "third_party_disclosure"]


def test_guarantor_is_not_a_third_party() -> None:
    verdict = check(call(at("10:00", SH), party=Party.GUARANTOR), ctx(), CN)
    assert verdict.kind == A and not verdict.findings


def test_related_person_who_said_no_is_blocked() -> None:
    history = History(consecutive_failed_attempts=4)
    context = ctx(history=history, related_person_do_not_contact=True)
    verdict = check(call(at("10:00", SH), party=Party.RELATIVE), context, CN)
    assert verdict.kind == B
    assert severities(verdict)["related_person_do_not_contact"] == Severity.BLOCKED


def test_a_related_persons_do_not_contact_holds_whatever_the_party() -> None:
    """The person's own wish: a guarantor who asked not to be contacted is not contacted."""
    context = ctx(related_person_do_not_contact=True)
    for party in Party:
        verdict = check(call(at("10:00", SH), party=party), context, CN)
        assert severities(verdict)["related_person_do_not_contact"] == Severity.BLOCKED, party


@pytest.mark.parametrize(
    ("flags", "action_kw", "rule", "expected"),
    [
        ({"contact_refused": True}, {}, "stop_contact_refused", B),
        ({"contact_refused": True}, {"channel": Channel.SMS}, "stop_contact_refused", B),
        ({"has_lawyer": True}, {}, "stop_lawyer", B),
        ({"do_not_call_at_work": True}, {"at_workplace": True}, "stop_work_contact", B),
        ({"do_not_call_at_work": True}, {"at_workplace": False}, None, A),
        ({"do_not_visit": True}, {"channel": Channel.VISIT}, "stop_do_not_visit", B),
        ({"do_not_visit": True}, {}, None, A),  # a call is fine
        ({"e_opt_out": True}, {"channel": Channel.SMS}, None, A),  # not a CN rule
    ],
)
def test_stop_flags(flags, action_kw, rule, expected) -> None:  # type: ignore[no-untyped-def]
    is_visit = action_kw.get("channel") == Channel.VISIT
    action = visit(at("10:00", SH)) if is_visit else call(at("10:00", SH), **action_kw)
    verdict = check(action, ctx(**flags), CN)
    assert verdict.kind == expected
    if rule:
        assert severities(verdict)[rule] == Severity.BLOCKED


@pytest.mark.parametrize("channel", list(Channel))
@pytest.mark.parametrize("party", [Party.BORROWER, Party.GUARANTOR, Party.RELATIVE])
def test_a_paused_case_blocks_every_contact(channel: Channel, party: Party) -> None:
    when = at("10:00", SH)
    action = visit(when, party=party) if channel == Channel.VISIT else call(when, party=party)
    verdict = check(replace(action, channel=channel), ctx(case_paused=True), CN)
    assert verdict.kind == B
    assert severities(verdict)["case_paused"] == Severity.BLOCKED


@pytest.mark.parametrize(
    ("action_kw", "context_kw", "rule", "expected"),
    [
        ({}, {}, None, A),
        ({"visit_agents": (1,)}, {}, "visit_staffing", B),
        ({"visit_agents": ()}, {}, "visit_staffing", B),
        ({"visit_agents": (1, 7)}, {}, "visit_training", B),
        ({}, {"agents_with_valid_field_training": ()}, "visit_training", B),
        ({}, {"home_visit_consent": False}, "visit_consent", N),
        ({"at_workplace": True}, {}, None, A),  # CN: at work is fine unless the borrower said no
    ],
)
def test_visit_staffing_training_consent(action_kw, context_kw, rule, expected) -> None:  # type: ignore[no-untyped-def]
    verdict = check(visit(at("10:00", SH), **action_kw), ctx(**context_kw), CN)
    assert verdict.kind == expected
    if rule:
        assert rule in severities(verdict)


def test_training_finding_names_the_agents() -> None:
    verdict = check(visit(at("10:00", SH), visit_agents=(9, 1, 7)), ctx(), CN)
    assert finding(verdict, "visit_training").params == {"agents": ["7", "9"]}


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 10, 1), N), (dt.date(2026, 10, 9), A), (dt.date(2026, 1, 1), N)],
)
def test_no_visits_on_public_holidays(day: dt.date, expected: VerdictKind) -> None:
    verdict = check(visit(at("10:00", SH, day)), ctx(), CN)
    assert verdict.kind == expected
    if expected == N:
        assert finding(verdict, "public_holidays").params["country"] == "CN"


def test_holidays_do_not_stop_calls() -> None:
    assert check(call(at("10:00", SH, dt.date(2026, 10, 1))), ctx(), CN).kind == A


def test_findings_are_sorted_most_severe_first() -> None:
    action = visit(at("22:30", SH), visit_agents=(1,))
    context = ctx(home_visit_consent=False, agents_with_valid_field_training=(1,))
    verdict = check(action, context, CN)
    ranks = [f.severity for f in verdict.findings]
    assert ranks == sorted(ranks, reverse=True)
    assert {"quiet_hours", "visit_staffing", "visit_consent"} <= set(severities(verdict))
