"""The daily caps count the contact's own day (the borrower's): a contact logged for an earlier
day says that day, not "today", in English and in Chinese; a contact today still says "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.compliance import History, check, shipped_ruleset
from app.compliance.model import Finding, stored_text
from app.models import Outcome
from tests.compliance.util import at, call, ctx, finding

CN = shipped_ruleset("cn")
SH = "Asia/Shanghai"
DAY = dt.date(2026, 12, 1)
CAPS = {
    "daily_conversation_cap": (
        History(conversations_today=3),
        Outcome.CONNECTED,
        {
            "today": (
                "The borrower has had 3 conversations today; the daily limit is 3.",
                "今天已与借款人通话 3 次；每日上限为 3 次。",
            ),
            "past": (
                "The borrower had 3 conversations on 2026-12-01; the daily limit is 3.",
                "2026-12-01 已与借款人通话 3 次；每日上限为 3 次。",
            ),
        },
    ),
    "daily_attempt_cap": (
        History(attempts_today_on_number=6),
        Outcome.NO_ANSWER,
        {
            "today": (
                "6 unanswered attempts on this number today; the daily limit is 6.",
                "今天此号码已有 6 次未接通；每日上限为 6 次。",
            ),
            "past": (
                "6 unanswered attempts on this number on 2026-12-01; the daily limit is 6.",
                "2026-12-01 此号码已有 6 次未接通；每日上限为 6 次。",
            ),
        },
    ),
}


def _cap(rule: str, today: dt.date | None, hhmm: str = "12:00") -> Finding:
    history, outcome, _words = CAPS[rule]
    action = call(at(hhmm, SH, DAY), outcome=outcome, phone_number="+8613812345678")
    return finding(check(action, ctx(history=history, today=today), CN), rule)


@pytest.mark.parametrize("rule", CAPS)
def test_a_back_dated_contact_names_its_day(rule: str) -> None:
    found = _cap(rule, today=dt.date(2026, 12, 3))
    english, chinese = CAPS[rule][2]["past"]
    assert found.text("en") == english
    assert found.text("zh_CN") == chinese
    assert found.params["date"] == "2026-12-01"


@pytest.mark.parametrize("today", [DAY, None])  # None: a context that does not say (tests)
@pytest.mark.parametrize("rule", CAPS)
def test_a_contact_today_says_today(rule: str, today: dt.date | None) -> None:
    found = _cap(rule, today=today)
    english, chinese = CAPS[rule][2]["today"]
    assert (found.text("en"), found.text("zh_CN")) == (english, chinese)
    # … and keeps its day: read from the compliance log on another day, it names it.
    assert found.params["date"] == "2026-12-01"
    past_en, past_zh = CAPS[rule][2]["past"]
    assert stored_text(found.message, found.params, "en") == past_en
    assert stored_text(found.message, found.params, "zh_CN") == past_zh


@pytest.mark.parametrize("rule", CAPS)
def test_the_day_is_the_borrowers(rule: str) -> None:
    """00:30 on 12-01 in Shanghai is 16:30 on 11-30 in UTC: the day counted is the borrower's."""
    assert _cap(rule, today=DAY, hhmm="00:30").text("en") == CAPS[rule][2]["today"][0]
    assert _cap(rule, today=DAY, hhmm="00:30").params["date"] == "2026-12-01"
    assert _cap(rule, today=dt.date(2026, 11, 30), hhmm="00:30").params["date"] == "2026-12-01"


@pytest.mark.parametrize("rule", CAPS)
def test_a_finding_stored_without_its_day_still_reads_today(rule: str) -> None:
    """Stored before findings kept their day: nothing to name, so it reads as it was found."""
    found = _cap(rule, today=DAY)
    params = {k: v for k, v in found.params.items() if k != "date"}
    assert stored_text(found.message, params, "en") == CAPS[rule][2]["today"][0]


def test_one_conversation_reads_singular_on_a_past_day() -> None:
    rule = CN.rules["daily_conversation_cap"]
    one = replace(rule, params={**rule.params, "max": 1})
    ruleset = replace(CN, rules={**CN.rules, rule.id: one})
    action = call(at("12:00", SH, DAY), outcome=Outcome.CONNECTED)
    context = ctx(history=History(conversations_today=1), today=dt.date(2026, 12, 3))
    assert finding(check(action, context, ruleset), rule.id).text("en") == (
        "The borrower had 1 conversation on 2026-12-01; the daily limit is 1."
    )
