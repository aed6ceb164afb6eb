"""Shared state of one demo build: seeded randomness, id counters, the row writer, time."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, Date, DateTime, Enum, Table, TypeDecorator, insert

from app.models import Base

T = TypeVar("T")

# Offset of Asia/Shanghai from UTC; China keeps no daylight saving time.
SHANGHAI_OFFSET = dt.timedelta(hours=8)

Progress = Callable[[str, int, int], None]


class Writer:
    """Inserts plain dict rows in one DBAPI executemany per call and counts them per table.

    The INSERT is compiled by SQLAlchemy Core; the values are converted here to exactly what
    SQLAlchemy's column types would store on SQLite (ISO dates, naive-UTC timestamps with
    microseconds, enum names, JSON text). Letting SQLAlchemy process each bound value costs about
    ten microseconds a row, which at four million rows would be most of the minute we have.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.counts: Counter[str] = Counter()
        self.seconds = 0.0  # time spent writing, for profiling the build
        self._plans: dict[
            str, tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Convert]]]
        ] = {}

    def add(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """Insert `rows` (all with the same keys) into the model's table."""
        if not rows:
            return
        started = time.perf_counter()
        table: Table = model.__table__  # type: ignore[assignment]
        if self.connection.dialect.name != "sqlite":  # the raw fast path below is SQLite's
            from db.pg import advance_sequence

            self.connection.execute(insert(table), rows)
            if "id" in rows[0]:  # explicit ids: keep the server's id sequence ahead of them
                advance_sequence(self.connection, table)
            self.counts[table.name] += len(rows)
            self.seconds += time.perf_counter() - started
            return
        sql, getter, converts = self._plan(table, rows[0])
        values: list[Any] = []
        if converts:
            for row in rows:
                value = list(getter(row))
                for i, convert in converts:
                    if value[i] is not None or convert is json.dumps:  # JSON stores None as 'null'
                        value[i] = convert(value[i])
                values.append(tuple(value))
        else:
            values = [getter(row) for row in rows]
        self.connection.exec_driver_sql(sql, values)
        self.counts[table.name] += len(rows)
        self.seconds += time.perf_counter() - started

    def _plan(
        self, table: Table, sample: dict[str, Any]
    ) -> tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Convert]]]:
        plan = self._plans.get(table.name)
        if plan is None:
            keys = list(sample)
            compiled = insert(table).compile(dialect=self.connection.dialect, column_keys=keys)
            order = list(compiled.positiontup or [])
            getter = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
            converts = [
                (i, convert)
                for i, key in enumerate(order)
                if (convert := _converter(table.c[key].type)) is not None
            ]
            plan = self._plans[table.name] = (str(compiled), getter, converts)
        return plan


Convert = Callable[[Any], Any]


def _utc_text(value: dt.datetime) -> str:
    """What UTCDateTime stores on SQLite: naive UTC, microseconds always written."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _converter(kind: Any) -> Convert | None:
    """The value conversion SQLAlchemy's type would apply on SQLite (None: pass as is)."""
    if isinstance(kind, TypeDecorator):
        return _utc_text if isinstance(kind.impl_instance, DateTime) else None
    if isinstance(kind, Enum):
        if kind.enum_class is None:
            return None
        return {member: member.name for member in kind.enum_class}.__getitem__
    if isinstance(kind, JSON):
        return json.dumps
    if isinstance(kind, DateTime):
        return _utc_text
    if isinstance(kind, Date):
        return dt.date.isoformat
    return None


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
    # What the office's rule set says about the demo's typical contacts (from the real engine).
    ruleset_version_id: int | None = None
    third_party_findings: list[dict[str, Any]] | None = None
    quiet_hours_findings: list[dict[str, Any]] | None = None

    def number(self, name: str) -> int:
        """Bump a gap-free office sequence (written to the `sequence` table at the end)."""
        self.numbers[name] += 1
        return self.numbers[name]

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights)[0]

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A random date in [start, end]; `start` when the range is empty."""
        span = (end - start).days
        return start if span <= 0 else start + dt.timedelta(days=self.rng.randint(0, span))

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


def local_to_utc(day: dt.date, minute_of_day: int) -> dt.datetime:
    """Shanghai wall-clock minute of `day` as an aware UTC datetime."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        minutes=minute_of_day
    )
    return local - SHANGHAI_OFFSET


def split_amount(total: int, parts: int, unit: int = 100) -> list[int]:
    """Split `total` into `parts` positive amounts rounded to `unit`, the remainder in the last."""
    parts = max(1, min(parts, total // unit if total >= unit else 1))
    each = (total // parts) // unit * unit
    if each <= 0:
        return [total]
    return [each] * (parts - 1) + [total - each * (parts - 1)]
