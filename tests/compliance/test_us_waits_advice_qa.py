"""The US 7-in-7 and the wait after a conversation say when calls may resume, and that an SMS or
a letter is not held by them (found by QA: the agent had to count the days). English and
Chinese; times given explicitly."""

from __future__ import annotations

import datetime as dt

from app.compliance import History, check, shipped_ruleset
from app.compliance.advice import advice
from app.models import Channel, VerdictKind
from tests.compliance.util import at, call, ctx, finding

US = shipped_ruleset("us")
LA = "America/Los_Angeles"
DAY = dt.date(2026, 3, 10)


def _week(oldest: dt.datetime, count: int) -> History:
    calls = tuple(oldest + dt.timedelta(hours=12 * n) for n in range(count))
    return History(calls_last_7_days=count, week_calls=calls)


def test_the_weekly_cap_says_when_the_oldest_call_leaves_the_week() -> None:
    oldest = at("09:15", LA, DAY - dt.timedelta(days=6))
    verdict = check(call(at("10:00", LA)), ctx(LA, history=_week(oldest, 7)), US)
    found = finding(verdict, "weekly_call_cap")
    assert found.params["resume"] == "2026-03-11"  # seven days after the oldest call's date
    said = advice(found, "en")
    assert said is not None and "from 2026-03-11," in said and "SMS or a letter" in said
    zh = advice(found, "zh_CN")
    assert zh is not None and "2026-03-11" in zh and "短信和信函" in zh
    # Nine calls against a limit of seven: the third oldest must leave first.
    verdict = check(call(at("10:00", LA)), ctx(LA, history=_week(oldest, 9)), US)
    assert finding(verdict, "weekly_call_cap").params["resume"] == "2026-03-12"


def test_the_weekly_cap_without_the_calls_times_still_advises() -> None:
    verdict = check(call(at("10:00", LA)), ctx(LA, history=History(calls_last_7_days=7)), US)
    said = advice(finding(verdict, "weekly_call_cap"), "en")
    assert said is not None and "once the oldest of these calls is seven days old" in said


def test_the_wait_after_a_conversation_says_its_first_free_day() -> None:
    talked = at("15:00", LA, dt.date(2026, 3, 4))  # day 7 of its wait is 2026-03-10
    history = History(last_conversation_at=talked)
    verdict = check(call(at("10:00", LA)), ctx(LA, history=history), US)
    assert verdict.kind == VerdictKind.BLOCKED
    found = finding(verdict, "after_conversation_wait")
    said = advice(found, "en")
    assert said is not None and "from 2026-03-11" in said and "SMS or a letter" in said
    zh = advice(found, "zh_CN")
    assert zh is not None and "自 2026-03-11 起" in zh
    # The day it names is allowed, and an SMS on a waiting day is.
    assert check(
        call(at("10:00", LA, dt.date(2026, 3, 11))), ctx(LA, history=history), US
    ).kind == (VerdictKind.ALLOWED)
    sms = call(at("10:00", LA), channel=Channel.SMS)
    assert check(sms, ctx(LA, history=history), US).kind == VerdictKind.ALLOWED
