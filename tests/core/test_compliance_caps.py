"""The compliance report's daily caps, counted on each borrower's own day, against an independent
count (every attempt's instant in its borrower's time zone, converted in Python); a borrower in
New York whose conversations and unanswered calls reach the caps on their local day but are split
over two office days; and the report's warnings equal the compliance log's, agent by agent."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

from sqlalchemy import func, select

from app.compliance.versions import active_ruleset
from app.models import (
    Borrower,
    Case,
    Channel,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    User,
    VerdictKind,
)
from app.queries.compliance_log import ComplianceFilter, log_ids, log_rows
from app.reporting import compliance_report
from app.reporting.compliance import _warning_rows
from app.reporting.period import make_period
from tests.office_day import office_today

# The office's day, not this computer's: east of Shanghai a computer is a day ahead at times,
# and a period ending on its today is refused as after the office's. Read at import: a run
# that crosses midnight in Shanghai asks for a past period, which every test here may.
TODAY = office_today()
START, END = TODAY - dt.timedelta(days=60), TODAY
UNANSWERED = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED)
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def user(session, name: str = "supervisor") -> User:
    return session.scalar(select(User).where(User.username == name))


def expected_caps(session) -> dict[str, tuple[int, int, int]]:
    """(days with activity, days at the cap, most in one day) per cap, counted here attempt by
    attempt: the instant in its borrower's zone, conversations per borrower, misses per number."""
    ruleset, _id = active_ruleset(session)
    talk_rule = ruleset.rule("daily_conversation_cap")
    miss_rule = ruleset.rule("daily_attempt_cap")
    talk_channels = {Channel(c) for c in talk_rule.params["channels"]}
    miss_channels = {Channel(c) for c in miss_rule.params["channels"]}
    low, high = make_period(session, START, END).utc_bounds()
    k = ContactAttempt
    rows = session.execute(
        select(
            k.at, k.channel, k.party, k.outcome, k.phone_number, Loan.borrower_id, Borrower.timezone
        )
        .join(Case, Case.id == k.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(k.at >= low, k.at < high)
    ).all()
    talks: Counter[tuple[int, dt.date]] = Counter()
    misses: Counter[tuple[str, dt.date]] = Counter()
    for at, channel, party, outcome, phone, borrower_id, zone in rows:
        day = at.astimezone(zoneinfo.ZoneInfo(zone)).date()
        if party == Party.BORROWER and outcome == Outcome.CONNECTED and channel in talk_channels:
            talks[(borrower_id, day)] += 1
        elif outcome in UNANSWERED and phone and channel in miss_channels:
            misses[(phone, day)] += 1

    def figures(counts: Counter, limit: int) -> tuple[int, int, int]:
        at_cap = sum(1 for n in counts.values() if n >= limit)
        return len(counts), at_cap, max(counts.values(), default=0)

    return {
        "daily_conversation_cap": figures(talks, int(talk_rule.params["max"])),
        "daily_attempt_cap": figures(misses, int(miss_rule.params["max"])),
    }


def caps(session) -> dict[str, tuple[int, int, int]]:
    report = compliance_report(session, user(session), START, END)
    return {c.rule: (c.days_with_activity, c.days_at_cap, c.highest) for c in report.caps}


def test_caps_equal_an_attempt_by_attempt_count_in_each_borrowers_zone(demo_db) -> None:
    with demo_db.sessions() as s:
        zones = set(s.scalars(select(Borrower.timezone).distinct()))
        assert len(zones) > 1  # the demo's Xinjiang borrowers count their days in UTC+6
        got = caps(s)
        assert got == expected_caps(s)
        assert got["daily_conversation_cap"][0] > 0 and got["daily_attempt_cap"][0] > 0


def test_a_new_york_borrower_reaches_the_caps_on_their_own_day(demo_db) -> None:
    with demo_db.sessions() as s:
        low, high = make_period(s, START, END).utc_bounds()
        busy = select(ContactAttempt.case_id).where(
            ContactAttempt.at >= low, ContactAttempt.at < high
        )
        # A case of a borrower nobody contacted in the period (on none of their cases: a loan
        # written off and reinstated has a closed case and an open one).
        busy_borrowers = select(Loan.borrower_id).join(Case, Case.loan_id == Loan.id)
        case = s.scalar(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Loan.borrower_id.not_in(busy_borrowers.where(Case.id.in_(busy))))
            .order_by(Case.id)
            .limit(1)
        )
        assert case is not None
        borrower = s.get(Borrower, s.get(Loan, case.loan_id).borrower_id)
        borrower.timezone = "America/New_York"
        s.flush()
        before = caps(s)
        # 09:00, 12:00 and 20:00 on one New York day: 22:00 one Beijing day, 01:00 and 09:00 the
        # next. Counted on office days this is 1 + 2 conversations, under the cap of 3.
        day = END - dt.timedelta(days=10)
        agent = user(s, "agent01")
        for hour in (9, 12, 20):
            s.add(
                ContactAttempt(
                    case_id=case.id,
                    agent_id=agent.id,
                    channel=Channel.CALL,
                    party=Party.BORROWER,
                    at=dt.datetime.combine(day, dt.time(hour), NEW_YORK),
                    outcome=Outcome.CONNECTED,
                    verdict=VerdictKind.ALLOWED,
                )
            )
        # Six unanswered calls on one number from 08:00 to 20:30 New York time: 3 + 3 on office
        # days, the cap of 6 on the borrower's.
        for minutes in (0, 150, 300, 450, 600, 750):
            at = dt.datetime.combine(day, dt.time(8), NEW_YORK) + dt.timedelta(minutes=minutes)
            s.add(
                ContactAttempt(
                    case_id=case.id,
                    agent_id=agent.id,
                    channel=Channel.CALL,
                    party=Party.BORROWER,
                    phone_number="+12125550123",
                    at=at,
                    outcome=Outcome.NO_ANSWER,
                    verdict=VerdictKind.ALLOWED,
                )
            )
        s.flush()
        after = caps(s)
        assert after == expected_caps(s)
        talk_days, talk_at_cap, _most = before["daily_conversation_cap"]
        assert after["daily_conversation_cap"][:2] == (talk_days + 1, talk_at_cap + 1)
        miss_days, miss_at_cap, _most = before["daily_attempt_cap"]
        assert after["daily_attempt_cap"][:2] == (miss_days + 1, miss_at_cap + 1)
        assert after["daily_attempt_cap"][2] == 6
        s.rollback()


def log_warnings(session, who: User) -> list[tuple[str, str]]:
    """The compliance log's warnings for the period, oldest first, as (agent, rules)."""
    flt = ComplianceFilter(verdict="warning", date_from=START, date_to=END)
    keys = log_ids(session, who, flt, descending=False)
    rows = log_rows(session, keys)
    return [(rows[key].agent, rows[key].rules) for key in keys]


def test_warnings_are_the_compliance_logs(demo_db) -> None:
    with demo_db.sessions() as s:
        report = compliance_report(s, user(s), START, END)
        expected = log_warnings(s, user(s))
        assert expected
        assert [(w.agent, w.rules) for w in report.warnings] == expected
        # An agent's own warnings only, as the log shows them to the agent: the agent with the
        # most warnings in the period (any agent with one may have none in it).
        period = make_period(s, START, END)
        low, high = period.utc_bounds()
        agent = s.scalar(
            select(User)
            .join(ContactAttempt, ContactAttempt.agent_id == User.id)
            .where(
                ContactAttempt.verdict == VerdictKind.WARNING,
                ContactAttempt.at >= low,
                ContactAttempt.at < high,
            )
            .group_by(User.id)
            .order_by(func.count().desc(), User.id)
            .limit(1)
        )
        own = _warning_rows(s, agent, period)
        assert [(w.agent, w.rules) for w in own] == log_warnings(s, agent)
        assert 0 < len(own) < len(report.warnings)
