"""The demo agents' diaries: two free agents per visit, travel time between, nearest day."""

from __future__ import annotations

import datetime as dt
import random

from app.demo.agenda import TRAVEL_MINUTES, Agenda

DAY = dt.date(2026, 12, 1)


def test_a_crowded_fortnight_keeps_every_agent_on_one_visit_at_a_time() -> None:
    agenda = Agenda(random.Random(3), [1, 2, 3, 4, 5])
    slots = []
    for n in range(120):  # far more than the first day holds: they spill onto later days
        slot = agenda.find(DAY, preferred=1 + n % 5, step=1)
        assert slot is not None and slot.day >= DAY and slot.lead != slot.second
        agenda.reserve(slot)
        slots.append(slot)
    assert len({s.day for s in slots}) > 3
    for agent in range(1, 6):
        for day in {s.day for s in slots}:
            mine = sorted(
                (s.start, s.start + s.length)
                for s in slots
                if s.day == day and agent in (s.lead, s.second)
            )
            for (_, end), (start, _) in zip(mine, mine[1:], strict=False):
                assert start >= end + TRAVEL_MINUTES


def test_the_cases_agent_leads_when_free_and_past_visits_search_backwards() -> None:
    agenda = Agenda(random.Random(5), [7, 8, 9])
    first = agenda.find(DAY, preferred=8, step=-1)
    assert first is not None and first.lead == 8 and first.day == DAY
    agenda.reserve(first)
    days = set()
    for _ in range(40):
        slot = agenda.find(DAY, preferred=8, step=-1, last=DAY - dt.timedelta(days=30))
        assert slot is not None and DAY - dt.timedelta(days=30) <= slot.day <= DAY
        agenda.reserve(slot)
        days.add(slot.day)
    assert DAY in days and min(days) < DAY  # the day filled, then the days before it
    # Nothing past `last`: with the day itself full, a search that may not leave it fails.
    assert agenda.find(DAY, preferred=8, step=-1, last=DAY) is None


def test_a_visit_under_way_needs_a_free_team_this_morning() -> None:
    agenda = Agenda(random.Random(1), [1, 2])
    slot = agenda.find(DAY, preferred=None, step=1, morning=True)
    assert slot is not None and slot.day == DAY and slot.start < 11 * 60
    agenda.reserve(slot)
    # Two agents, a morning of four half-hour starts and 30 minutes' travel: fill it up.
    while (more := agenda.find(DAY, preferred=None, step=1, morning=True)) is not None:
        assert more.day == DAY
        agenda.reserve(more)
    assert agenda.find(DAY, preferred=None, step=1, morning=True) is None
