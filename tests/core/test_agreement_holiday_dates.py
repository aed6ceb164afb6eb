"""A generated plan's due dates move off the office's public holidays (the holidays calendar of
its rule set), each move noted in English and Chinese; typed dates stay as typed and are noted
as holidays. Expected dates are read from the holidays library itself, not written down."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from sqlalchemy import select

from app.agreements import date_notes, draft_plan, generate_plan, plan_dates, plan_moves
from app.agreements.holiday_dates import next_open_day, office_holiday_country
from app.agreements.plan import PlanRow
from app.compliance import change_parameters, select_jurisdiction
from app.loans.schedule import add_months
from app.models import AuditEntry
from app.reporting.period import office_today
from tests.core.test_agreements import _case, _user, build_office

ONE = dt.timedelta(days=1)


def _cn(year: int, language: str = "en_US") -> dict[dt.date, str]:
    return dict(holidays.country_holidays("CN", years=year, language=language).items())


@pytest.fixture
def office(db):
    return build_office(db)


def test_the_october_date_moves_past_the_golden_week() -> None:
    """Monthly for 3 from 2026-09-01: the date on National Day moves to the first day after the
    Golden Week's holidays (a weekend inside the week belongs to it); the others stay."""
    cn, cn_zh = _cn(2026), _cn(2026, "zh_CN")
    national_day = dt.date(2026, 10, 1)
    assert national_day in cn and dt.date(2026, 9, 1) not in cn
    week = [d for d in cn if national_day <= d <= national_day + dt.timedelta(days=10)]
    after = max(week) + ONE
    assert after not in cn
    # Every day from National Day to the new date is a holiday or a weekend between two.
    assert all(d in cn or d.weekday() >= 5 for d in _days(national_day, after))

    rows = generate_plan(300_000, 3, dt.date(2026, 9, 1), "CN")
    assert [r.due_on for r in rows] == [dt.date(2026, 9, 1), after, dt.date(2026, 11, 1)]
    assert [r.amount for r in rows] == [100_000] * 3
    assert dt.date(2026, 11, 1).weekday() == 6  # a Sunday: weekends stay as they are

    dates, moves = plan_dates(dt.date(2026, 9, 1), 3, "CN")
    assert dates == [r.due_on for r in rows]
    assert [(m.seq, m.moved_from, m.due_on) for m in moves] == [(2, national_day, after)]
    assert moves[0].note("en") == f"moved from 2026-10-01: {cn[national_day]}"
    assert moves[0].note("zh_CN") == f"由 2026-10-01（{cn_zh[national_day]}）顺延"
    assert date_notes("CN", dates, moves, "en") == [None, moves[0].note("en"), None]


def test_spring_festival_and_no_calendar() -> None:
    cn = _cn(2027)
    eve = next(d for d, name in sorted(cn.items()) if d.month == 2 and "New Year" in name)
    moved = next_open_day("CN", eve)
    assert moved > eve and moved not in cn
    assert all(d in cn or d.weekday() >= 5 for d in _days(eve, moved))
    start = add_months(eve, -1)
    assert [r.due_on for r in generate_plan(200_000, 2, start, "CN")] == [start, moved]
    # Without a calendar, or a day that is no holiday, nothing moves.
    assert [r.due_on for r in generate_plan(200_000, 2, start)] == [start, eve]
    assert next_open_day("CN", dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)


def test_the_office_calendar_follows_its_rule_set(office) -> None:
    with office.session() as s:
        admin = _user(s, "admin")
        assert office_holiday_country(s) == "CN"  # the public_holidays rule's country
        for jurisdiction, country in (("us", "US"), ("uk", "GB")):
            select_jurisdiction(s, admin, jurisdiction)
            assert office_holiday_country(s) == country
        select_jurisdiction(s, admin, "cn")
        change_parameters(s, admin, "public_holidays", {"country": "HK"})
        assert office_holiday_country(s) == "HK"


def test_draft_plan_moves_generated_dates_and_keeps_typed_ones(office) -> None:
    """A holiday a month or more ahead of the office's today (whichever the library gives): a
    plan generated across it has that instalment moved, as plan_moves says; the same date typed
    is kept, and noted as a holiday."""
    with office.session() as s:
        today = office_today(s)
        agent = _user(s, "agent01")
        cn = {**_cn(today.year), **_cn(today.year + 1)}
        holiday = min(d for d in cn if d >= today + dt.timedelta(days=40) and d.day <= 28)
        start = add_months(holiday, -1)
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=start).agreement_no
        moves = plan_moves(s, 3, start)
        assert [(m.seq, m.moved_from) for m in moves if m.seq == 2] == [(2, holiday)]
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity_id == number))
        planned = [dt.date.fromisoformat(day) for day, _ in entry.changes["plan"]]
        assert planned[1] == next_open_day("CN", holiday) != holiday
        assert planned == plan_dates(start, 3, "CN")[0]

        typed = [PlanRow(holiday, 100_000), PlanRow(holiday + dt.timedelta(days=40), 100_000)]
        other = draft_plan(s, agent, _case(s, "L2").case_no, rows=typed).agreement_no
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity_id == other))
        assert entry.changes["plan"][0][0] == holiday.isoformat()  # not moved
        notes = date_notes("CN", [holiday], lang="en")
        assert notes == [f"a public holiday: {cn[holiday]}"]
        assert number != other


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from `first` up to, not including, `last`."""
    return [first + dt.timedelta(days=k) for k in range((last - first).days)]
