"""The demo field agents' diaries: every scheduled visit gets two agents who are free then, with
the rule set's travel time between an agent's visits, so the demo office passes its own
visit_agent_conflict rule (app/compliance/visit_rules.py) as a real office's bookings do, and
no visit falls on a public holiday (the rule public_holidays asks a supervisor's override)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.compliance.holidays import calendar

TRAVEL_MINUTES = 30  # the default rule sets' buffer_minutes
DAY_STARTS = tuple(range(9 * 60, 17 * 60, 30))  # local start times, 09:00 to 16:30
MORNING_STARTS = tuple(range(9 * 60, 11 * 60, 30))  # teams out since this morning
LENGTHS = (60, 90, 120)
SEARCH_DAYS = 21  # how far a visit moves from its wished-for day to find two free agents


@dataclass(frozen=True, slots=True)
class Slot:
    day: dt.date
    start: int  # minutes after local midnight
    length: int  # minutes
    lead: int
    second: int


class Agenda:
    """Who is out when, per agent and day, as (start, end) minutes including travel time."""

    def __init__(self, rng: random.Random, team: list[int], country: str = "CN") -> None:
        self.rng, self.team, self.country = rng, team, country
        self.busy: dict[tuple[int, dt.date], list[tuple[int, int]]] = {}

    def free(self, agent: int, day: dt.date, start: int, end: int) -> bool:
        return all(
            end <= taken_start or start >= taken_end
            for taken_start, taken_end in self.busy.get((agent, day), ())
        )

    def find(
        self,
        day: dt.date,
        preferred: int | None,
        step: int,
        *,
        morning: bool = False,
        last: dt.date | None = None,
    ) -> Slot | None:
        """Two agents free for one visit on `day`, or the nearest day in the direction of
        `step` (+1 later, -1 earlier) not past `last`; the case's agent leads when free.
        Only `day` itself when `morning` (a visit already under way). None when nothing fits."""
        rng = self.rng
        length = rng.choice(LENGTHS)
        starts = list(MORNING_STARTS if morning else DAY_STARTS)
        rng.shuffle(starts)
        for shift in range(1 if morning else SEARCH_DAYS):
            on = day + dt.timedelta(days=step * shift)
            if last is not None and (on - last).days * step > 0:
                break
            if on in calendar(self.country, on.year):
                continue
            for start in starts:
                window = (start - TRAVEL_MINUTES, start + length + TRAVEL_MINUTES)
                free = [a for a in self.team if self.free(a, on, *window)]
                if len(free) < 2:
                    continue
                lead = preferred if preferred in free else free[int(rng.random() * len(free))]
                others = [a for a in free if a != lead]
                second = others[int(rng.random() * len(others))]
                return Slot(on, start, length, lead, second)
        return None

    def reserve(self, slot: Slot) -> None:
        """Both agents are out from the start to the end of the visit (travel either side is
        checked by `find`, whose window is wider than what is stored)."""
        for agent in (slot.lead, slot.second):
            self.busy.setdefault((agent, slot.day), []).append(
                (slot.start, slot.start + slot.length)
            )
