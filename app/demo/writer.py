"""The demo's (and the importer's) bulk row writer: one DBAPI executemany per call on SQLite."""

from __future__ import annotations

import datetime as dt
import enum
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Enum, Table, TypeDecorator, insert

from app.models import Base

Convert = Callable[[Any], Any]
Rows = list[Any]  # the values of rows one after another (a flat list), as `add_rows` takes them
# An INSERT for a set of dict keys: its SQL, the values getter, the conversions by position.
Plan = tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Convert]]]

MAX_VARIABLES = 32_766  # SQLite's limit on the ? in one statement (SQLite 3.32 and later)
SMALLER_CHUNKS = (512, 64, 8, 1)  # rows per INSERT for what is left after the biggest chunks

day_text: Callable[[dt.date], str] = dt.date.isoformat  # what a Date column stores on SQLite


# " HH:MM:00.000000" for each minute of a day: most timestamps fall on a whole minute.
_CLOCK = [f" {minute // 60:02d}:{minute % 60:02d}:00.000000" for minute in range(1440)]


def utc_text(value: dt.datetime) -> str:
    """What UTCDateTime stores on SQLite: naive UTC, microseconds always written."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    if value.second or value.microsecond:
        return value.isoformat(" ", "microseconds")[:26]
    return day_text(value) + _CLOCK[value.hour * 60 + value.minute]  # a third of isoformat's time


def table_columns(model: type[Base]) -> tuple[str, ...]:
    """The keys of a model's table columns in table order: the order of an `add_rows` row."""
    return tuple(column.key for column in model.__table__.columns)


def names(kind: type[enum.Enum]) -> dict[Any, str]:
    """Member → stored name of an enum column (SQLAlchemy's Enum stores names, not values)."""
    return {member: member.name for member in kind}


class Writer:
    """Inserts rows in one DBAPI executemany per call and counts them per table.

    `add` takes dicts of Python values and converts them here to exactly what SQLAlchemy's
    column types would store on SQLite (ISO dates, naive-UTC timestamps with microseconds, enum
    names, JSON text): letting SQLAlchemy process each bound value costs about ten microseconds
    a row. `add_rows` takes tuples already in that stored form, for the biggest tables.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.counts: Counter[str] = Counter()
        self.seconds = 0.0  # time spent writing, for profiling the build
        self._plans: dict[
            str, tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Convert]]]
        ] = {}
        self._sql: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}

    @property
    def sqlite(self) -> bool:
        return self.connection.dialect.name == "sqlite"

    def add(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """Insert `rows` (all with the same keys) into the model's table."""
        if not rows:
            return
        started = time.perf_counter()
        table: Table = model.__table__  # type: ignore[assignment]
        if not self.sqlite:  # the raw fast path below is SQLite's
            self._add_server(table, rows)
        else:
            sql, getter, converts = self._plan(table, rows[0])
            values: list[Any] = []
            if converts:
                for row in rows:
                    value = list(getter(row))
                    for i, convert in converts:
                        if value[i] is not None or convert is json.dumps:  # JSON None is 'null'
                            value[i] = convert(value[i])
                    values.append(tuple(value))
            else:
                values = [getter(row) for row in rows]
            self.connection.exec_driver_sql(sql, values)
        self.counts[table.name] += len(rows)
        self.seconds += time.perf_counter() - started

    def add_rows(self, model: type[Base], columns: Sequence[str], values: Rows) -> None:
        """Insert rows given as one flat list of values in `columns` order, as SQLite stores them.

        Dates as `day_text`, timestamps as `utc_text`, enums by name, JSON as its text; on
        PostgreSQL they are turned back into Python values and inserted as `add` would.
        """
        if not values:
            return
        started = time.perf_counter()
        table: Table = model.__table__  # type: ignore[assignment]
        width = len(columns)
        if len(values) % width:
            raise ValueError(f"{table.name}: {len(values)} values do not make rows of {width}")
        if not self.sqlite:
            self._add_server(table, _restored(table, columns, values))
        else:
            self._insert_flat(table, columns, values)
        self.counts[table.name] += len(values) // width
        self.seconds += time.perf_counter() - started

    def _add_server(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """PostgreSQL: SQLAlchemy's executemany, then the id sequence moved past explicit ids."""
        from db.pg import advance_sequence

        self.connection.execute(insert(table), rows)
        if "id" in rows[0]:
            advance_sequence(self.connection, table)

    def _insert_flat(self, table: Table, columns: Sequence[str], values: Rows) -> None:
        """INSERT thousands of rows per statement, then ever fewer for what is left."""
        # One step runs a whole chunk, where executemany steps and resets once a row: a quarter
        # less time in SQLite. The flat list is sliced as it is: no tuple a row to build.
        start, end = 0, len(values)
        for rows, sql in self._statements(table, columns):
            step = rows * len(columns)
            while end - start >= step:
                self.connection.exec_driver_sql(sql, tuple(values[start : start + step]))
                start += step

    def _statements(self, table: Table, columns: Sequence[str]) -> list[tuple[int, str]]:
        """INSERTs of the table's columns for chunks of rows, the biggest SQLite takes first."""
        statements = self._sql.get((table.name, tuple(columns)))
        if statements is None:
            quote = self.connection.dialect.identifier_preparer.quote
            names_ = ", ".join(quote(table.c[key].name) for key in columns)  # KeyError on a typo
            head = f"INSERT INTO {quote(table.name)} ({names_}) VALUES "
            group = "(" + ", ".join("?" * len(columns)) + ")"
            most = MAX_VARIABLES // len(columns)
            sizes = [most, *(size for size in SMALLER_CHUNKS if size < most)]
            statements = [(size, head + ", ".join([group] * size)) for size in sizes]
            self._sql[(table.name, tuple(columns))] = statements
        return statements

    def _plan(self, table: Table, sample: dict[str, Any]) -> Plan:
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


def _converter(kind: Any) -> Convert | None:
    """The value conversion SQLAlchemy's type would apply on SQLite (None: pass as is)."""
    if isinstance(kind, TypeDecorator):
        return utc_text if isinstance(kind.impl_instance, DateTime) else None
    if isinstance(kind, Enum):
        if kind.enum_class is None:
            return None
        return names(kind.enum_class).__getitem__
    if isinstance(kind, JSON):
        return json.dumps
    if isinstance(kind, DateTime):
        return utc_text
    if isinstance(kind, Date):
        return dt.date.isoformat
    return None


def _restored(table: Table, columns: Sequence[str], values: Rows) -> list[dict[str, Any]]:
    """Flat stored values back into dicts of Python values (for PostgreSQL)."""
    found = [(i, _restorer(table.c[key].type)) for i, key in enumerate(columns)]
    restores = [(i, restore) for i, restore in found if restore is not None]
    width, rows = len(columns), []
    for start in range(0, len(values), width):
        row = values[start : start + width]
        for i, restore in restores:
            if row[i] is not None:
                row[i] = restore(row[i])
        rows.append(dict(zip(columns, row, strict=True)))
    return rows


def _utc_value(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _restorer(kind: Any) -> Convert | None:
    """The inverse of `_converter`: the Python value behind a stored one (None: as is)."""
    if isinstance(kind, TypeDecorator):
        return _utc_value if isinstance(kind.impl_instance, DateTime) else None
    if isinstance(kind, Enum):
        return None if kind.enum_class is None else {m.name: m for m in kind.enum_class}.__getitem__
    if isinstance(kind, JSON):
        return json.loads
    if isinstance(kind, DateTime):
        return _utc_value
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    return None
