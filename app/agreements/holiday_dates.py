"""A generated plan's due dates off public holidays: a monthly date that falls on a public holiday
of the office's calendar moves to the next day that is not one, with a note saying from which
date and why. Weekends stay as they are, except a weekend inside a run of holidays (China's
National Day week lists Thursday to Saturday and Monday to Wednesday, not the Sunday between):
it belongs to the holiday, and the date moves past the whole run.

A settlement's default due date (today + the office's settlement days) moves the same way
(`settlement_due`); a date the user types is never moved; `holiday_note` says when one falls on
a holiday.
The calendar is the one the active rule set's public_holidays rule names, else the rule set's
jurisdiction's country (cn → CN, us → US, uk → GB)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.compliance.holidays import holiday_name
from app.i18n import Counted, tr
from app.id_labels import JURISDICTION_COUNTRY
from app.loans.schedule import add_months

MOVED_NOTE = "moved from {date}: {holiday}"
HOLIDAY_NOTE = "a public holiday: {holiday}"
_DAY = dt.timedelta(days=1)
_WEEKEND = (5, 6)


def office_holiday_country(session: Session) -> str | None:
    """The country whose public holidays the office keeps (None when no calendar is known)."""
    from app.compliance import active_ruleset

    ruleset, _ = active_ruleset(session)
    country = ruleset.param("public_holidays", "country")
    if isinstance(country, str) and country.strip():
        return country.strip().upper()
    return JURISDICTION_COUNTRY.get(ruleset.jurisdiction.lower())


def is_holiday(country: str | None, day: dt.date) -> bool:
    return bool(country) and holiday_name(country or "", day, "en") is not None


def next_open_day(country: str | None, day: dt.date) -> dt.date:
    """`day` itself when it is no public holiday, else the first day after it that is none and
    is not a weekend leading into more holidays."""
    if not is_holiday(country, day):
        return day
    probe = day + _DAY
    while True:
        if is_holiday(country, probe):
            probe += _DAY
            continue
        after = probe
        while after.weekday() in _WEEKEND and not is_holiday(country, after):
            after += _DAY
        if after != probe and is_holiday(country, after):  # the weekend is inside the holidays
            probe = after
            continue
        return probe


@dataclass(frozen=True)
class HolidayMove:
    """A generated instalment's date moved off a public holiday."""

    seq: int  # the instalment, from 1
    moved_from: dt.date
    due_on: dt.date
    country: str

    def note(self, lang: str | None = None) -> str:
        """'moved from 2026-10-01: National Day', in `lang`."""
        return moved_note(self.country, self.moved_from, lang)


class HolidayName(Counted):
    """A public holiday's name as a message's placeholder, read in the reader's language
    whenever the message is (a refusal raised in one language and shown in another)."""

    def __init__(self, country: str, day: dt.date) -> None:
        self.country, self.day = country, day

    def fill(self, lang: str | None = None) -> str:
        return holiday_name(self.country, self.day, lang) or ""


def moved_note(country: str, moved_from: dt.date, lang: str | None = None) -> str:
    name = holiday_name(country, moved_from, lang) or ""
    return tr(MOVED_NOTE, lang, date=f"{moved_from:%Y-%m-%d}", holiday=name)


def holiday_note(country: str | None, day: dt.date, lang: str | None = None) -> str | None:
    """'a public holiday: National Day' for a date on one of the office's holidays, else None."""
    name = holiday_name(country, day, lang) if country else None
    return tr(HOLIDAY_NOTE, lang, holiday=name) if name else None


def plan_dates(
    start: dt.date, count: int, country: str | None
) -> tuple[list[dt.date], list[HolidayMove]]:
    """`count` monthly due dates from `start`, each moved off public holidays, and the moves."""
    dates: list[dt.date] = []
    moves: list[HolidayMove] = []
    for k in range(max(count, 0)):
        monthly = add_months(start, k)
        due = next_open_day(country, monthly)
        if due != monthly and country:
            moves.append(HolidayMove(k + 1, monthly, due, country))
        dates.append(due)
    return dates, moves


def date_notes(
    country: str | None,
    dates: Sequence[dt.date | None],
    moves: Sequence[HolidayMove] = (),
    lang: str | None = None,
) -> list[str | None]:
    """Each due date's note: the move that put it there (while the row keeps that date), else
    whether it falls on a public holiday, else None (also for a date that is None)."""
    moved = {(m.seq, m.due_on): m for m in moves}
    notes: list[str | None] = []
    for seq, day in enumerate(dates, start=1):
        move = moved.get((seq, day)) if day else None
        if move is not None:
            notes.append(move.note(lang))
        else:
            notes.append(holiday_note(country, day, lang) if day else None)
    return notes


def settlement_due(
    today: dt.date, days: int, country: str | None
) -> tuple[dt.date, HolidayMove | None]:
    """A settlement's default due date, `days` after `today`, moved off public holidays as a
    plan's dates are, and the move (None when the date stands)."""
    default = today + dt.timedelta(days=max(days, 0))
    due = next_open_day(country, default)
    if due != default and country:
        return due, HolidayMove(1, default, due, country)
    return due, None
