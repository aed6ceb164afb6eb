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
