"""A settlement's default due date moves off public holidays as a plan's generated dates do
(found by QA: today + 14 days on National Day stood), with the same note; a date typed on a
holiday is kept. A first date that a move put past the 366-day limit is refused as such, not
as a date "at most 366 days ahead" the user never typed. Explicit dates throughout: the office
drafts "as of" 366 days before a National Day (1 October 2027 while the office's loans, lent 11
months before the run, were lent two months before that; a year later after)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import settings
from app.agreements import draft_plan, draft_settlement, draft_terms
from app.agreements.holiday_dates import is_holiday, next_open_day, settlement_due
from app.agreements.plan import MAX_START_DAYS, PlanRow, check_plan
from app.errors import ValidationError
from tests.core.test_agreements import DISBURSED, _case, _user, build_office


def _national_day() -> dt.date:
    """The first 1 October whose 366 days before is two months or more after the loans were
    lent (DISBURSED): the loans owe then, and the drafts are dated that day."""
    day = dt.date(DISBURSED.year, 10, 1)
    while day - dt.timedelta(days=MAX_START_DAYS) < DISBURSED + dt.timedelta(days=61):
        day = day.replace(year=day.year + 1)
    return day


NATIONAL_DAY = _national_day()
AS_OF = NATIONAL_DAY - dt.timedelta(days=MAX_START_DAYS)  # 2026-09-30 for 2027: the limit is then
ND = NATIONAL_DAY.isoformat()


@pytest.fixture
def office(db):
    return build_office(db)


def test_the_default_due_date_is_moved_and_said_so(office) -> None:
    assert is_holiday("CN", NATIONAL_DAY)
    moved = next_open_day("CN", NATIONAL_DAY)
    assert moved > NATIONAL_DAY
    due, move = settlement_due(NATIONAL_DAY - dt.timedelta(days=14), 14, "CN")
    assert due == moved and move is not None
    assert (move.seq, move.moved_from, move.due_on) == (1, NATIONAL_DAY, moved)
    assert move.note("en") == f"moved from {ND}: National Day"
    assert settlement_due(NATIONAL_DAY - dt.timedelta(days=14), 14, None) == (NATIONAL_DAY, None)
    assert settlement_due(dt.date(2027, 8, 1), 14, "CN") == (dt.date(2027, 8, 15), None)

    today = NATIONAL_DAY - dt.timedelta(days=30)
    with office.session() as s:
        agent, admin = _user(s, "agent01"), _user(s, "admin")
        settings.put(s, admin, "agreement.settlement_due_days", 30)
        case_no = _case(s, "L1").case_no
        terms = draft_terms(s, agent, case_no, today=today)
        assert terms.settlement_due_on == moved
        assert terms.settlement_move == move
        drafted = draft_settlement(s, agent, case_no, 900_000, today=today)
        assert [i.due_on for i in drafted.instalments] == [moved]
        # Typed on the holiday: kept as typed.
        typed = draft_settlement(
            s, agent, _case(s, "L2").case_no, 900_000, due_on=NATIONAL_DAY, today=today
        )
        assert [i.due_on for i in typed.instalments] == [NATIONAL_DAY]


def test_a_first_date_moved_past_the_limit_says_so(office) -> None:
    moved = next_open_day("CN", NATIONAL_DAY)
    with office.session() as s:
        agent, admin = _user(s, "agent01"), _user(s, "admin")
        case_no = _case(s, "L1").case_no
        with pytest.raises(ValidationError) as refused:
            draft_plan(s, agent, case_no, count=3, start=NATIONAL_DAY, today=AS_OF)
        assert str(refused.value) == (
            f"The first date, {ND}, is a public holiday (National Day): moved off it to "
            f"{moved}, the first payment would fall due more than 366 days ahead (by "
            f"{ND} at the latest). Choose an earlier first date."
        )
        assert f"首期日期 {ND} 为法定节假日（国庆节）" in refused.value.translated("zh_CN")
        # A day earlier stands (30 September is no holiday).
        start = NATIONAL_DAY - dt.timedelta(days=1)
        assert not is_holiday("CN", start)
        draft_plan(s, agent, case_no, count=3, start=start, today=AS_OF)

        # The settlement's default, the office's 366 days on, moved past it likewise.
        settings.put(s, admin, "agreement.settlement_due_days", MAX_START_DAYS)
        with pytest.raises(ValidationError) as refused:
            draft_settlement(s, agent, _case(s, "L2").case_no, 900_000, today=AS_OF)
        assert str(refused.value).startswith(
            f"The payment's date, {ND}, is a public holiday (National Day): moved off it "
            f"to {moved}, it would fall due more than 366 days ahead"
        )
    # A date typed past the limit is refused as before.
    with pytest.raises(ValidationError, match=rf"at most 366 days ahead \(by {ND}\)"):
        check_plan([PlanRow(moved, 100)], 100, AS_OF)
