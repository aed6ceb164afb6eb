"""Statements compiled once per dialect and run on the session's DB-API connection.

The live check (the contact dialog asks on every pause in typing) runs two small, indexed
statements. SQLAlchemy's per-execution work — cache key, execution context, result metadata,
Row objects — cost about four times the SQL on the reference office, so these are compiled
once and run on the session's own connection, inside its transaction. Values still go through
the columns' own bind and result processors, so rows hold exactly what SQLAlchemy would return
(enums, aware UTC timestamps, booleans), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Prepared:
    """One statement compiled for one dialect, with its value processors."""

    sql: str
    positions: tuple[str, ...] | None  # parameter names in order (qmark/format), else None
    defaults: dict[str, Any]  # every parameter's value at compile time (literals, limits)
    binds: Mapping[str, Processor]
    escaped: dict[str, str]  # names the paramstyle needs spelt otherwise (rare)
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, processor) where needed
    row: type  # a named tuple of the selected columns' names

    def parameters(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """The DB-API parameters: processed values, in order or by name per the paramstyle."""
        values = {**self.defaults, **params}
        for name, process in self.binds.items():
            if process is not None:
                values[name] = process(values[name])
        if self.positions is None:
            return {self.escaped.get(k, k): v for k, v in values.items()}
        return tuple(values[name] for name in self.positions)


_prepared: dict[tuple[int, str, str], tuple[Select[Any], Prepared]] = {}
# Values of these kinds are immutable, so one converted value may serve every row that has it.
_IMMUTABLE = (bool, int, str, dt.date, dt.datetime, enum.Enum)


def _result_processor(kind: TypeEngine[Any], dialect: Dialect) -> Processor:
    """The column type's own result processor; memoised (the same few timestamps and enum names
    come back on every check) when what it returns cannot be changed by the caller."""
    process = kind.dialect_impl(dialect).result_processor(dialect, None)
    # A TypeDecorator (UTCDateTime) says `object`; what it returns is of its impl's kind.
    declared = getattr(kind, "impl_instance", kind)
    try:
        immutable = issubclass(declared.python_type, _IMMUTABLE)
    except NotImplementedError:
        immutable = False
    return lru_cache(maxsize=4096)(process) if process is not None and immutable else process


def prepare(statement: Select[Any], dialect: Dialect) -> Prepared:
    """Compile `statement` (a long-lived, `@cache`d statement) once per dialect."""
    key = (id(statement), dialect.name, dialect.driver)
    found = _prepared.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    compiled = statement.compile(dialect=dialect)
    sql = str(compiled)
    if "POSTCOMPILE" in sql:  # an IN list is expanded per execution: not for this path
        raise ValueError("statements with expanding IN lists cannot be prepared")
    binds = {
        name: bind.type.dialect_impl(dialect).bind_processor(dialect)
        for bind, name in compiled.bind_names.items()
    }
    columns = list(statement.selected_columns)
    results = [_result_processor(c.type, dialect) for c in columns]
    prepared = Prepared(
        sql=sql,
        positions=tuple(compiled.positiontup) if compiled.positiontup is not None else None,
        defaults={name: bind.effective_value for bind, name in compiled.bind_names.items()},
        escaped=dict(compiled.escaped_bind_names),
        binds=binds,
        results=tuple((i, p) for i, p in enumerate(results) if p is not None),
        row=namedtuple("Row", [c.key for c in columns], rename=True),  # type: ignore[misc]
    )
    _prepared[key] = (statement, prepared)
    return prepared


def fetch(session: Session, statement: Select[Any], params: Mapping[str, Any]) -> list[Any]:
    """All rows of `statement` as named tuples, in the session's transaction."""
    connection = session.connection()
    prepared = prepare(statement, connection.dialect)
    dbapi_error = connection.dialect.loaded_dbapi.Error
    values = prepared.parameters(params)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(prepared.sql, values)
        raw = cursor.fetchall()
    except dbapi_error as error:  # raised as SQLAlchemy would (OperationalError, …)
        raise DBAPIError.instance(prepared.sql, values, error, dbapi_error) from error
    finally:
        cursor.close()
    make, results = prepared.row._make, prepared.results  # type: ignore[attr-defined]
    if not results:
        return [make(values) for values in raw]
    rows = []
    for values in raw:
        converted = list(values)
        for i, process in results:
            converted[i] = process(converted[i])
        rows.append(make(converted))
    return rows
