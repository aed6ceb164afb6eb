"""The next night the clocks go back, for tests that book a visit in the hour that comes twice:
New York's (first Sunday of November, 01:00–02:00 twice) or Sydney's (first Sunday of April,
02:00–03:00 twice), whichever comes first after the office's today, so the visit falls within
the agents' training (a year from a month ago), whatever the day the tests run."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from app.wall_clock import repeated
from tests.core.visit_office import office_today

ZONES = ("America/New_York", "Australia/Sydney")


def _fall_back(zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first reading of hh:30 in the zone's next repeated hour, from the day after
    tomorrow."""
    day = office_today() + dt.timedelta(days=2)
    while True:
        for hour in range(4):
            wall = dt.datetime.combine(day, dt.time(hour, 30), zone)
            if repeated(wall):
                return wall
        day += dt.timedelta(days=1)


def repeated_start() -> dt.datetime:
    """The first reading (fold=0) of the next start that comes twice, in its zone."""
    return min(
        (_fall_back(zoneinfo.ZoneInfo(key)) for key in ZONES),
        key=lambda wall: wall.astimezone(dt.UTC),
    )


def skipped_wall(key: str) -> dt.datetime:
    """A naive wall time half an hour into the zone `key`'s next gap (the clocks going forward:
    02:30 in New York, 01:30 in London), from the day after tomorrow."""
    from app.wall_clock import gap_at

    zone = zoneinfo.ZoneInfo(key)
    day = office_today() + dt.timedelta(days=2)
    while True:
        for hour in range(4):
            wall = dt.datetime.combine(day, dt.time(hour, 30))
            if gap_at(wall, zone) is not None:
                return wall
        day += dt.timedelta(days=1)


def last_repeated(key: str) -> dt.datetime:
    """The first reading (fold=0) of hh:30 in the zone `key`'s last hour that came twice, before
    the office's yesterday: a time already past, as an agreement's date must be."""
    zone = zoneinfo.ZoneInfo(key)
    day = office_today() - dt.timedelta(days=2)
    while True:
        for hour in range(4):
            wall = dt.datetime.combine(day, dt.time(hour, 30), zone)
            if repeated(wall):
                return wall
        day -= dt.timedelta(days=1)


def last_skipped(key: str) -> dt.datetime:
    """A naive wall time half an hour into the zone `key`'s last gap (the clocks going forward)
    before the office's yesterday: a time already past, as a contact's must be."""
    from app.wall_clock import gap_at

    zone = zoneinfo.ZoneInfo(key)
    day = office_today() - dt.timedelta(days=2)
    while True:
        for hour in range(4):
            wall = dt.datetime.combine(day, dt.time(hour, 30))
            if gap_at(wall, zone) is not None:
                return wall
        day -= dt.timedelta(days=1)
