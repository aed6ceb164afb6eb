"""The US 7-in-7 (Regulation F 12 CFR 1006.14(b)(2)(i): "seven consecutive days") counts the
borrower's local dates, not 168 hours (QA P #4): a call on the first of seven dates leaves the
count when the eighth date begins, not at its hour, and the count a finding gives is the count
its named days hold. Fixed dates, a New York borrower."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.compliance import History, check, shipped_ruleset
from app.contacts import check_contact, log_contact
from app.models import User
from tests.compliance.test_us_third_party_number import NY, _us_case
from tests.compliance.util import call, ctx, finding

RULE = "weekly_call_cap"


def _admin(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


def _log(db, case_no: str, when: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        result = log_contact(
            s, _admin(s), case_no, channel="call", party="borrower", at=when, outcome="no_answer"
        )
        assert result.saved, result.verdict


def _week_finding(db, case_no: str, when: dt.datetime) -> str | None:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        verdict = check_contact(
            s, _admin(s), case_no, channel="call", party="borrower", at=when, outcome=None
        )
    found = [f.text("en") for f in verdict.findings if f.rule == RULE]
    return found[0] if found else None


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=NY)


def test_a_call_leaves_the_seven_days_when_its_eighth_date_begins(db, tmp_path: Path) -> None:
    case_no = _us_case(db, tmp_path)
    _log(db, case_no, _at(10, 20, 55))  # late on the first date
    for day in range(11, 17):
        _log(db, case_no, _at(day, 10))
    # 11-16's last minute: 11-10 to 11-16 hold the seven calls.
    assert _week_finding(db, case_no, _at(16, 23, 59)) == (
        "7 calls about this debt in the 7 days up to 2026-11-16; the limit is 7."
    )
    # 11-17 begins: 11-11 to 11-17 hold six (within 168 hours of 11-10 20:55, but not its date).
    assert _week_finding(db, case_no, _at(17, 0, 0)) is None
    assert _week_finding(db, case_no, _at(17, 8, 0)) is None


def test_the_qa_calls_at_the_same_hour(db, tmp_path: Path) -> None:
    """Seven calls at 15:00 on 11-10 to 11-16: a call on 11-17 at 14:59 is the sixth of the
    dates 11-11 to 11-17, allowed as one at 15:00 is (the reason used to say 7 of those days)."""
    case_no = _us_case(db, tmp_path)
    for day in range(10, 17):
        _log(db, case_no, _at(day, 15))
    assert _week_finding(db, case_no, _at(17, 14, 59)) is None
    assert _week_finding(db, case_no, _at(17, 15, 0)) is None
    assert _week_finding(db, case_no, _at(16, 20, 0)) == (
        "7 calls about this debt in the 7 days up to 2026-11-16; the limit is 7."
    )


def test_a_call_logged_late_counts_the_dates_of_the_calls_after_it(db, tmp_path: Path) -> None:
    """Seven calls on 11-11 to 11-17: one logged for 11-11 (a later hour) is in the seven days up
    to 11-17, which then hold eight; one for 11-10 is not in them."""
    case_no = _us_case(db, tmp_path)
    for day in range(11, 18):
        _log(db, case_no, _at(day, 9))
    assert _week_finding(db, case_no, _at(11, 20)) == (
        "7 calls about this debt in the 7 days up to 2026-11-17; the limit is 7."
    )
    assert _week_finding(db, case_no, _at(10, 20)) is None


def test_calls_resume_on_the_date_the_oldest_leaves() -> None:
    """The advice's date: the oldest call's date plus seven, the day its calls leave the count."""
    us, la = shipped_ruleset("us"), "America/Los_Angeles"
    oldest = dt.datetime(2026, 3, 4, 23, 30, tzinfo=NY)  # 20:30 on 03-04 in Los Angeles
    calls = tuple(oldest + dt.timedelta(days=n) for n in range(7))
    history = History(calls_last_7_days=7, week_calls=calls)
    now = dt.datetime(2026, 3, 10, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    found = finding(check(call(now), ctx(la, history=history), us), RULE)
    assert found.params["resume"] == "2026-03-11"  # not 03-11 20:30, 168 hours on


def test_the_rule_says_it_counts_dates() -> None:
    rule = shipped_ruleset("us").rules[RULE]
    assert rule.description("en") == (
        "At most 7 calls about a debt in 7 consecutive days (the borrower's local dates)."
    )
    assert rule.description("zh_CN") == (
        "就同一笔债务，连续 7 天内（按借款人当地日期计）致电借款人不超过 7 次。"
    )
