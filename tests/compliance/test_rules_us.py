"""US rule set (FDCPA / Regulation F), table-driven: hours, 7-in-7, third parties, stop flags."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.compliance import History, Severity, check, shipped_ruleset
from app.models import Channel, Outcome, Party, VerdictKind
from tests.compliance.util import at, call, ctx, finding, severities

US = shipped_ruleset("us")
LA, NY = "America/Los_Angeles", "America/New_York"
A, W, B = VerdictKind.ALLOWED, VerdictKind.WARNING, VerdictKind.BLOCKED


@pytest.mark.parametrize(
    ("local", "expected"),
    # "none before 08:00 or after 21:00": 21:00 exactly is allowed, 21:01 is not.
    [("07:59", B), ("08:00", A), ("20:59", A), ("21:00", A), ("21:01", B), ("23:00", B)],
)
@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS])
def test_quiet_hours_boundary_minutes(local: str, expected: VerdictKind, channel: Channel) -> None:
    verdict = check(call(at(local, LA), channel=channel), ctx(LA), US)
    assert verdict.kind == expected
    assert verdict.ruleset == "US 2026.7"


def test_the_minute_after_nine_is_late_even_by_seconds() -> None:
    assert check(call(at("21:00", LA) + dt.timedelta(seconds=30)), ctx(LA), US).kind == B


@pytest.mark.parametrize(
    ("office_time", "expected"),
    # The office in New York, the borrower in Los Angeles (three hours behind).
    [("10:59", B), ("11:00", A), ("23:30", A), ("00:00", A), ("00:01", B)],
)
def test_borrower_in_another_time_zone(office_time: str, expected: VerdictKind) -> None:
    day = dt.date(2026, 3, 11) if office_time.startswith("00") else dt.date(2026, 3, 10)
    verdict = check(call(at(office_time, NY, day)), ctx(LA), US)
    assert verdict.kind == expected
    if expected == B:
        assert finding(verdict, "quiet_hours").params["zone"] == LA


def test_consent_does_not_lift_us_quiet_hours_by_default() -> None:
    assert check(call(at("22:00", LA)), ctx(LA, quiet_hours_consent=True), US).kind == B


@pytest.mark.parametrize(
    ("calls_last_7_days", "expected"),
    [(0, A), (6, A), (7, B), (9, B)],  # 6 before: the seventh is allowed; 7 before: the eighth
)
def test_seven_calls_in_seven_days(calls_last_7_days: int, expected: VerdictKind) -> None:
    history = History(calls_last_7_days=calls_last_7_days)
    verdict = check(call(at("10:00", LA)), ctx(LA, history=history), US)
    assert verdict.kind == expected
    if expected == B:
        params = finding(verdict, "weekly_call_cap").params
        assert params == {"count": calls_last_7_days, "max": 7, "date": params["date"]}
        assert (
            params["date"] == call(at("10:00", LA)).at.astimezone(ZoneInfo(LA)).date().isoformat()
        )


def test_the_seven_call_cap_counts_calls_not_texts() -> None:
    history = History(calls_last_7_days=7)
    verdict = check(call(at("10:00", LA), channel=Channel.SMS), ctx(LA, history=history), US)
    assert verdict.kind == A


@pytest.mark.parametrize(
    ("days_after", "local", "expected"),
    [(0, "15:00", B), (1, "10:00", B), (6, "20:00", B), (7, "08:00", A), (8, "10:00", A)],
)
def test_no_call_within_seven_days_after_a_conversation(days_after, local, expected) -> None:  # type: ignore[no-untyped-def]
    talked = at("10:00", LA)
    history = History(last_conversation_at=talked.astimezone(dt.UTC))
    when = at(local, LA, talked.date() + dt.timedelta(days=days_after))
    verdict = check(call(when, outcome=Outcome.CONNECTED), ctx(LA, history=history), US)
    assert verdict.kind == expected


def test_a_letter_after_a_conversation_is_fine() -> None:
    history = History(last_conversation_at=at("10:00", LA))
    verdict = check(call(at("11:00", LA), channel=Channel.LETTER), ctx(LA, history=history), US)
    assert verdict.kind == A


def test_no_daily_conversation_cap_in_the_us() -> None:
    history = History(conversations_today=5, attempts_today_on_number=20)
    assert check(call(at("10:00", LA)), ctx(LA, history=history), US).kind == A


@pytest.mark.parametrize(
    ("earlier_contacts", "expected"), [(0, W), (1, B), (2, B)]
)  # location information, once per person
@pytest.mark.parametrize("party", [Party.RELATIVE, Party.EMPLOYER, Party.OTHER])
def test_third_party_location_only_once(earlier_contacts, expected, party) -> None:  # type: ignore[no-untyped-def]
    history = History(third_party_contacts_with_person=earlier_contacts)
    verdict = check(call(at("10:00", LA), party=party), ctx(LA, history=history), US)
    assert verdict.kind == expected
    reminder = finding(verdict, "third_party_disclosure")
    assert reminder.severity == Severity.WARNING
    assert reminder.params == {"script": "location_only"}


def test_no_failed_attempt_threshold_in_the_us() -> None:
    verdict = check(call(at("10:00", LA), party=Party.RELATIVE), ctx(LA), US)
    assert "third_party_threshold" not in severities(verdict)


@pytest.mark.parametrize(
    ("flags", "action_kw", "rule", "expected"),
    [
        ({"contact_refused": True}, {}, "stop_contact_refused", B),  # cease
        ({"has_lawyer": True}, {}, "stop_lawyer", B),  # attorney
        ({"has_lawyer": True}, {"party": Party.RELATIVE}, None, W),  # location call is fine
        ({"do_not_call_at_work": True}, {"at_workplace": True}, "stop_work_contact", B),
        ({"e_opt_out": True}, {"channel": Channel.SMS}, "stop_e_opt_out", B),
        ({"e_opt_out": True}, {"channel": Channel.CALL}, None, A),
        ({"e_opt_out": True}, {"channel": Channel.LETTER}, None, A),
        ({"case_paused": True}, {}, "case_paused", B),
        ({"case_paused": True}, {"channel": Channel.LETTER}, "case_paused", B),
    ],
)
def test_stop_flags(flags, action_kw, rule, expected) -> None:  # type: ignore[no-untyped-def]
    verdict = check(call(at("10:00", LA), **action_kw), ctx(LA, **flags), US)
    assert verdict.kind == expected
    if rule:
        assert severities(verdict)[rule] == Severity.BLOCKED
