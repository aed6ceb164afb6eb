"""The compliance log on the demo office: flagged contacts, blocked attempts and flagged visit
bookings, newest first; each filter narrows exactly as a direct SQL count says; agents see only
their own entries."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select, text

from app.contacts import PARTY_OF_RELATION, log_contact
from app.errors import ValidationError
from app.i18n import set_language
from app.models import (
    Borrower,
    Case,
    CaseStatus,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    Phone,
    RelatedPerson,
    User,
    VerdictKind,
)
from app.queries.compliance_log import (
    BLOCKED,
    BOOKING,
    CONTACT,
    ComplianceFilter,
    agent_options,
    log_ids,
    log_rows,
    rule_choices,
)

OFFICE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def _user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


def _open_cases(session, agent: User) -> list[tuple[str, str, int]]:
    """(case no., borrower time zone, borrower id) of the agent's workable cases (not closed,
    not paused, not with the lawyers: a complaint pauses only a case still worked) whose
    borrower's numbers no contact found wrong: the rule number_found_invalid would flag a call
    on those too (the demo's history finds some wrong, on other cases on other days)."""
    found_wrong = (
        select(ContactAttempt.id)
        .join(Phone, Phone.number == ContactAttempt.phone_number)
        .where(
            Phone.borrower_id == Borrower.id,
            ContactAttempt.outcome.in_([Outcome.INVALID_NUMBER, Outcome.WRONG_NUMBER]),
        )
        .exists()
    )
    query = (
        select(Case.case_no, Borrower.timezone, Borrower.id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(
            Case.assigned_agent_id == agent.id,
            Case.status.not_in([CaseStatus.CLOSED, CaseStatus.PAUSED, CaseStatus.LEGAL]),
            Borrower.quiet_hours_consent.is_(False),
            ~found_wrong,
        )
        .order_by(Case.case_no)
    )
    return [tuple(r) for r in session.execute(query)]  # type: ignore[misc]


def _yesterday(hour: int, zone: str) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = dt.datetime.now(tz).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tz)


def make_blocked(database, username: str = "agent01") -> tuple[str, int]:
    """A call at 23:00 borrower time: the quiet-hours rule blocks it (only the block is saved)."""
    with database.session(write_lock=True) as s:
        agent = _user(s, username)
        case_no, zone, _borrower = _open_cases(s, agent)[0]
        result = log_contact(
            s, agent, case_no, channel="call", party="borrower", at=_yesterday(23, zone),
            outcome="no_answer",
        )  # fmt: skip
        assert result.verdict.kind is VerdictKind.BLOCKED and not result.saved
    with database.sessions() as s:
        return case_no, int(s.scalar(text("select max(id) from blocked_attempt")))


def make_override(database, username: str = "agent01") -> tuple[str, int]:
    """A relative called with a supervisor's override, logged on one of the agent's cases."""
    with database.session(write_lock=True) as s:
        agent, sup = _user(s, username), _user(s, "supervisor")
        for case_no, zone, borrower_id in _open_cases(s, agent):
            family = [r for r, party in PARTY_OF_RELATION.items() if party is Party.RELATIVE]
            person = s.scalar(
                select(RelatedPerson).where(
                    RelatedPerson.borrower_id == borrower_id, RelatedPerson.relation.in_(family)
                )
            )
            if person is None:
                continue
            result = log_contact(
                s, agent, case_no, channel="call", party="relative", at=_yesterday(10, zone),
                outcome="connected", related_person_id=person.id, phone_number=person.phone,
                override_by=sup, override_reason="Borrower unreachable for weeks",
            )  # fmt: skip
            if result.verdict.kind is VerdictKind.NEEDS_OVERRIDE and result.attempt is not None:
                return case_no, result.attempt.id
    raise AssertionError("no case where a third-party call needs an override")


def _sql_count(
    session, contact_where: str, blocked_where: str | None, booking_where: str | None, **params
) -> int:
    """Flagged contacts, blocked attempts and flagged visit bookings (the demo's: a supervisor's
    overrides) where each condition holds (None: none of that table)."""
    contacts = session.scalar(
        text(
            f"select count(*) from contact_attempt where verdict != 'ALLOWED' and {contact_where}"
        ),
        params,
    )
    counts = [int(contacts)]
    for table, where in (("blocked_attempt", blocked_where), ("flagged_booking", booking_where)):
        if where:
            counts.append(
                int(session.scalar(text(f"select count(*) from {table} where {where}"), params))
            )
    return sum(counts)


@pytest.fixture
def office(demo_db):
    make_blocked(demo_db, "agent01")
    make_blocked(demo_db, "agent02")
    make_override(demo_db, "agent01")
    return demo_db


def test_log_holds_flagged_and_blocked_newest_first(office) -> None:
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        keys = log_ids(s, sup)
        assert len(keys) == _sql_count(s, "1 = 1", "1 = 1", "1 = 1")
        kinds = {k for k, _ in keys}
        assert kinds == {CONTACT, BLOCKED, BOOKING}
        rows = log_rows(s, keys)
        assert set(rows) == set(keys)
        times = [rows[k].when for k in keys]
        assert times == sorted(times, reverse=True)
        assert all(t.tzinfo is not None for t in times)
        verdicts = {rows[k].verdict for k in keys}
        assert verdicts == {"warning", "needs_override", "blocked"}
        blocked = next(rows[k] for k in keys if k[0] == BLOCKED)
        assert blocked.rules == "quiet_hours" and "23:00" in blocked.reasons
        assert blocked.ruleset.startswith("CN ") and blocked.citations
        # The fixture's override: the newest overridden contact, not the log's newest override
        # (the demo's overridden visit booking is newer on some days, as built on 1 January 2027).
        made = s.scalar(
            text("select max(id) from contact_attempt where verdict = 'NEEDS_OVERRIDE'")
        )
        overridden = rows[(CONTACT, made)]
        assert overridden.verdict == "needs_override"
        assert overridden.overridden_by == sup.display_name
        assert overridden.override_reason == "Borrower unreachable for weeks"
        assert overridden.party == "relative" and overridden.case_no.startswith("C")


def test_reasons_are_translated(office) -> None:
    with office.sessions() as s:
        keys = log_ids(s, _user(s, "supervisor"), ComplianceFilter(verdict="blocked"))
        try:
            set_language("zh_CN")
            zh_row = log_rows(s, keys[:1])[keys[0]]
        finally:
            set_language("en")
        en_row = log_rows(s, keys[:1])[keys[0]]
    zh, en = zh_row.reasons, en_row.reasons
    assert zh != en and "23:00" in zh and "Quiet hours" not in zh
    # The citations too: the CN rule set gives them in Chinese.
    assert zh_row.citations and all("《" in c or "中国" in c for c in zh_row.citations)
    assert en_row.citations and all(c.isascii() for c in en_row.citations)


@pytest.mark.parametrize(
    ("verdict", "contact_where", "blocked_where", "booking_where"),
    [
        ("warning", "verdict = 'WARNING'", None, "verdict = 'warning'"),
        ("needs_override", "verdict = 'NEEDS_OVERRIDE'", None, "verdict = 'needs_override'"),
        ("blocked", "0 = 1", "1 = 1", None),
    ],
)
def test_verdict_filter(office, verdict, contact_where, blocked_where, booking_where) -> None:
    with office.sessions() as s:
        keys = log_ids(s, _user(s, "supervisor"), ComplianceFilter(verdict=verdict))
        assert len(keys) == _sql_count(s, contact_where, blocked_where, booking_where) > 0
        assert {r.verdict for r in log_rows(s, keys).values()} == {verdict}


def test_rule_filter(office) -> None:
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        rules = rule_choices(s)
        assert "quiet_hours" in rules and len(rules) >= 2  # the demo's and ours
        for rule in rules:
            keys = log_ids(s, sup, ComplianceFilter(rule=rule))
            pattern = f'%"rule": "{rule}"%'
            expected = _sql_count(s, *["cast(findings as text) like :p"] * 3, p=pattern)
            assert len(keys) == expected > 0, rule
            assert all(rule in r.rules.split(", ") for r in log_rows(s, keys).values())
        # A rule the product knows but the log has never met: nothing, and no error.
        assert "weekly_call_cap" not in rules
        assert log_ids(s, sup, ComplianceFilter(rule="weekly_call_cap")) == []


@pytest.mark.parametrize(
    ("flt", "names"),
    [
        (ComplianceFilter(verdict="nope"), ["nope", "warning, needs_override, blocked"]),
        (ComplianceFilter(rule="nope"), ["nope", "quiet_hours", "weekly_call_cap"]),
        # "_" is not a LIKE wildcard, and a near miss is refused, not read as a pattern
        (ComplianceFilter(rule="quiet.hours"), ["quiet.hours", "quiet_hours"]),
    ],
)
def test_an_unknown_verdict_or_rule_is_refused_naming_the_choices(office, flt, names) -> None:
    with office.sessions() as s:
        with pytest.raises(ValidationError) as refused:
            log_ids(s, _user(s, "supervisor"), flt)
        message = str(refused.value)
        assert "\n" not in message and all(name in message for name in names), message


def test_agent_filter_and_agents_see_only_their_own(office) -> None:
    """An agent sees what they did and what anyone did on their cases (QA: a supervisor's
    override on the agent's case was missing); the supervisor's agent filter is who acted."""
    with office.sessions() as s:
        sup, agent01 = _user(s, "supervisor"), _user(s, "agent01")
        assert agent01.id in {a.id for a in agent_options(s)}
        mine = log_ids(s, agent01)
        where = '(agent_id = :a OR case_id IN (SELECT id FROM "case" WHERE assigned_agent_id = :a))'
        assert len(mine) == _sql_count(s, where, where, where, a=agent01.id) > 0
        acted = log_ids(s, sup, ComplianceFilter(agent_id=agent01.id))
        assert set(acted) <= set(mine) <= set(log_ids(s, sup))
        did = "agent_id = :a"
        assert len(acted) == _sql_count(s, did, did, did, a=agent01.id)
        by_others = [r for r in log_rows(s, mine).values() if r.agent != agent01.display_name]
        assert len(by_others) == len(mine) - len(acted)
        assert {CONTACT, BLOCKED} <= {k for k, _ in mine} <= {CONTACT, BLOCKED, BOOKING}
        # an agent cannot widen the view by asking for someone else
        agent02 = _user(s, "agent02")
        assert log_ids(s, agent01, ComplianceFilter(agent_id=agent02.id)) == mine
        assert len(mine) < len(log_ids(s, sup))


def test_date_filter_uses_office_days(office) -> None:
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        today = dt.datetime.now(OFFICE_ZONE).date()
        start, end = today - dt.timedelta(days=200), today - dt.timedelta(days=20)

        def utc(day: dt.date) -> str:
            moment = dt.datetime.combine(day, dt.time(), OFFICE_ZONE).astimezone(dt.UTC)
            return moment.strftime("%Y-%m-%d %H:%M:%S")

        params = {"lo": utc(start), "hi": utc(end + dt.timedelta(days=1))}
        where = "at >= :lo and at < :hi"
        keys = log_ids(s, sup, ComplianceFilter(date_from=start, date_to=end))
        assert len(keys) == _sql_count(s, where, where, where, **params) > 0
        only_from = log_ids(s, sup, ComplianceFilter(date_from=start))
        since = "at >= :lo"
        assert len(only_from) == _sql_count(s, since, since, since, lo=params["lo"])
        yesterday = dt.datetime.now(OFFICE_ZONE).date() - dt.timedelta(days=1)
        day = log_ids(s, sup, ComplianceFilter(date_from=yesterday, date_to=yesterday))
        assert {k for k, _ in day} >= {BLOCKED}
        combined = log_ids(
            s, sup, ComplianceFilter(verdict="blocked", date_from=yesterday, date_to=yesterday)
        )
        assert len(combined) >= 2  # the two blocks made at 23:00 yesterday
        blocked_where = "at >= :lo and at < :hi"
        day_params = {"lo": utc(yesterday), "hi": utc(today)}
        assert len(combined) == _sql_count(s, "0 = 1", blocked_where, None, **day_params)


def test_sorting_by_case_and_agent(office) -> None:
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        keys = log_ids(s, sup, sort="case_no", descending=False)
        rows = log_rows(s, keys)
        assert [rows[k].case_no for k in keys] == sorted(rows[k].case_no for k in keys)
        assert set(keys) == set(log_ids(s, sup))


def test_a_cap_found_today_is_read_later_with_its_day(office) -> None:
    """The engine says "today" to the agent logging the contact; the log, read on any later day,
    names the day instead (the finding keeps it). Shown here on a stored block's findings."""
    import json

    from app.compliance import History, check, shipped_ruleset
    from app.models import Outcome
    from tests.compliance.util import at, call, ctx, finding

    day = dt.date(2026, 12, 1)
    action = call(at("12:00", "Asia/Shanghai", day), outcome=Outcome.CONNECTED)
    found = finding(
        check(
            action, ctx(history=History(conversations_today=3), today=day), shipped_ruleset("cn")
        ),
        "daily_conversation_cap",
    )
    assert found.text("en") == "The borrower has had 3 conversations today; the daily limit is 3."
    _case, blocked_id = make_blocked(office)
    with office.session(write_lock=True) as s:
        s.execute(
            text("update blocked_attempt set findings = :f where id = :id"),
            {"f": json.dumps([found.as_json()]), "id": blocked_id},
        )
    with office.sessions() as s:
        row = log_rows(s, [(BLOCKED, blocked_id)])[(BLOCKED, blocked_id)]
    assert row.reasons == "The borrower had 3 conversations on 2026-12-01; the daily limit is 3."
