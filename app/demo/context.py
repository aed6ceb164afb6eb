"""Shared state of one demo build: seeded randomness, id counters, the row writer, time."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, TypeVar

from app.demo.writer import Writer

T = TypeVar("T")

# The demo office's time zone (create_office's default): its days, and its staff's hours.
OFFICE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
# Offset of Asia/Shanghai from UTC; China keeps no daylight saving time.
SHANGHAI_OFFSET = dt.timedelta(hours=8)
UTC_MIDNIGHT = dt.time(tzinfo=dt.UTC)
NO_LIMIT = dt.datetime.max.replace(tzinfo=dt.UTC)  # a build after its as-of day had ended
# Shanghai minute of the day → its shift from UTC midnight (two days' worth, made once).
_SHIFTS = [dt.timedelta(minutes=minute) - SHANGHAI_OFFSET for minute in range(2 * 1440)]

Progress = Callable[[str, int, int], None]


@dataclass
class Ids:
    """Next primary key per table: the builder assigns ids itself and never reads them back."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value

    def last(self, table: str) -> int:
        return self.next.get(table, 1) - 1


@dataclass
class Staff:
    """The demo users' ids, by role."""

    admin_id: int
    supervisor_ids: list[int]
    agent_ids: list[int]


@dataclass
class Context:
    """Everything one build shares: seed, as-of date, randomness, ids, writer, number counters."""

    rng: random.Random
    as_of: dt.date
    writer: Writer
    ids: Ids = field(default_factory=Ids)
    numbers: Counter[str] = field(default_factory=Counter)
    staff: Staff | None = None
    field_agents: list[int] = field(default_factory=list)
    # Each agent's days fit for phone work: from its first pass of every course phone work
    # needs to the day one lapsed (excluded). Outside them a colleague calls (`caller`), as
    # the rule contact_training asks.
    phone_days: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    _fit_on: dict[dt.date, list[int]] = field(default_factory=dict)
    # What the office's rule set says about the demo's typical contacts (from the real engine).
    ruleset_version_id: int | None = None
    third_party_findings: list[dict[str, Any]] | None = None
    quiet_hours_findings: list[dict[str, Any]] | None = None
    override_findings: list[dict[str, Any]] | None = None
    paused_findings: list[dict[str, Any]] | None = None  # a try while a complaint pauses the case
    # A call on a borrower's number a contact found wrong, when the rule asks an override there.
    number_findings: list[dict[str, Any]] | None = None
    # The latest moment (UTC) the office's past may be stamped: just before the build. A demo
    # built as of today early in the office's morning has not made today's calls yet.
    latest: dt.datetime = NO_LIMIT
    # The country whose public holidays agreements' due dates keep off, as drafting's do
    # (app/agreements/holiday_dates.py).
    holiday_country: str | None = None

    def done(self, at: dt.datetime) -> bool:
        """Whether something the office does at `at` has happened by the build."""
        return at <= self.latest

    def by_build(self, at: dt.datetime) -> dt.datetime:
        """A record's time, not after the build (what was due later today is done just before)."""
        return at if at <= self.latest else self.latest

    def number(self, name: str) -> int:
        """Bump a gap-free office sequence (written to the `sequence` table at the end)."""
        self.numbers[name] += 1
        return self.numbers[name]

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """rng.choices(items, weights)[0] (the same draw), the running sums of tuples kept."""
        sums = _sums(weights) if type(weights) is tuple else list(accumulate(weights))
        return items[bisect(sums, self.rng.random() * (sums[-1] + 0.0), 0, len(items) - 1)]

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A random date in [start, end]; `start` when the range is empty."""
        span = (end - start).days
        return start if span <= 0 else start + dt.timedelta(days=self.rng.randint(0, span))

    def caller(self, agent_id: int | None, day: dt.date, case_id: int) -> int:
        """Who calls on a case on `day`: its agent while fit for phone work, else a colleague
        who is (chosen by the case, so the rest of the office's draws stay as they were)."""
        if agent_id is None:
            agent_id = self.pick(self.agents)
        if self._fit(agent_id, day):
            return agent_id
        fit = self._fit_on.get(day)
        if fit is None:
            fit = self._fit_on[day] = [a for a in self.agents if self._fit(a, day)]
        return fit[case_id % len(fit)] if fit else agent_id

    def _fit(self, agent_id: int, day: dt.date) -> bool:
        start, end = self.phone_days.get(agent_id, (dt.date.min, dt.date.max))
        return start <= day < end

    def at_local(self, day: dt.date, first_hour: int = 8, last_hour: int = 20) -> dt.datetime:
        """An aware UTC timestamp on `day` between first_hour:00 and last_hour:59 Shanghai time."""
        minute = self.rng.randint(first_hour * 60, last_hour * 60 + 59)
        return local_to_utc(day, minute)

    @property
    def agents(self) -> list[int]:
        assert self.staff is not None
        return self.staff.agent_ids

    @property
    def supervisors(self) -> list[int]:
        assert self.staff is not None
        return self.staff.supervisor_ids


@lru_cache(maxsize=256)
def _sums(weights: tuple[float, ...]) -> list[float]:
    return list(accumulate(weights))


def build_moment(as_of: dt.date, now: dt.datetime) -> dt.datetime:
    """The latest time the demo's past may carry, a minute before the build: `now`'s time of day
    on `as_of`, the office's clock (NO_LIMIT when `as_of` ended before `now`)."""
    local = now.astimezone(OFFICE_ZONE)
    if local.date() > as_of:
        return NO_LIMIT
    moment = dt.datetime.combine(as_of, local.time(), OFFICE_ZONE).astimezone(dt.UTC)
    return moment - dt.timedelta(minutes=1)


def local_to_utc(day: dt.date, minute_of_day: int) -> dt.datetime:
    """Shanghai wall-clock minute of `day` as an aware UTC datetime."""
    if 0 <= minute_of_day < len(_SHIFTS):  # the table saves building two timedeltas a call
        return dt.datetime.combine(day, UTC_MIDNIGHT) + _SHIFTS[minute_of_day]
    return (
        dt.datetime.combine(day, UTC_MIDNIGHT)
        + dt.timedelta(minutes=minute_of_day)
        - SHANGHAI_OFFSET
    )


def split_amount(total: int, parts: int, unit: int = 100) -> list[int]:
    """Split `total` into `parts` positive amounts rounded to `unit`, the remainder in the last."""
    parts = max(1, min(parts, total // unit if total >= unit else 1))
    each = (total // parts) // unit * unit
    if each <= 0:
        return [total]
    return [each] * (parts - 1) + [total - each * (parts - 1)]
