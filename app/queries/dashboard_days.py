"""The dashboard's days: this month and the last, the seven days a week's tiles count, and the
due dates of the promises broken in them (app/queries/dashboard.py)."""

from __future__ import annotations

import datetime as dt


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month before `day`'s month."""
    last = month_start(day) - dt.timedelta(days=1)
    return last.replace(day=1), last


def week_start(day: dt.date) -> dt.date:
    """The first of the seven days ending on `day` ("this week" on a Monday is not one day)."""
    return day - dt.timedelta(days=6)


def broken_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The due dates of the promises broken in the seven days ending on `today`: a promise is
    broken when its due day ends unpaid, so those due on the seven days before today (one due
    today is not broken yet; one due 7 days ago broke 6 days ago). QA: the tile counted the
    queue date's days, the queue date itself among them and the seventh day before left out."""
    return today - dt.timedelta(days=7), today - dt.timedelta(days=1)
