"""The US 7-in-7's seven consecutive days (Regulation F 12 CFR 1006.14(b)(2)(i)), counted by
the borrower's local dates, as the wait after a conversation counts its days: a call at 23:00 and
one at 08:00 the next morning are on two dates, and the seven days up to a date hold every call
made on them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

WEEK = dt.timedelta(days=7)


def busiest_week(
    calls: list[dt.datetime], at: dt.datetime, zone: zoneinfo.ZoneInfo
) -> tuple[int, dt.datetime | None]:
    """The most of `calls` in seven consecutive days (the borrower's local dates, as Reg F counts
    "seven consecutive days") that hold `at`'s date: the seven days up to it, or those up to a
    later call's date within six days of it (a call logged after the fact falls in those too),
    with that later call's time (None for the days up to `at`)."""
    day = at.astimezone(zone).date()
    dates = [c.astimezone(zone).date() for c in calls]

    def held(end: dt.date) -> int:
        return sum(1 for d in dates if 0 <= (end - d).days < WEEK.days)

    best, end = held(day), None
    for later in sorted(c for c in calls if c > at):
        count = held(later.astimezone(zone).date())
        if count > best:
            best, end = count, later
    return best, end


def week_span(at: dt.datetime, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """UTC bounds of the borrower's local dates from six days before `at`'s to six days after:
    every seven consecutive days that hold `at`'s date."""
    zone = zoneinfo.ZoneInfo(tz)
    day = at.astimezone(zone).date()
    first = dt.datetime.combine(day - dt.timedelta(days=WEEK.days - 1), dt.time(), zone)
    stop = dt.datetime.combine(day + dt.timedelta(days=WEEK.days), dt.time(), zone)
    return first.astimezone(dt.UTC), stop.astimezone(dt.UTC)
