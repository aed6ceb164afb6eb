"""Declarative base, constraint naming convention and the column types every aggregate shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

from sqlalchemy import BigInteger, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC; refuses naive input; returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must carry a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


# Money is an integer count of minor units (分/cents); Decimal only at the edges (app.money).
Minor = Annotated[int, "minor units"]
intpk = Annotated[int, mapped_column(primary_key=True)]
str40 = Annotated[str, 40]


# The moment a demo build acts at (app/demo/every_state.py runs the core's use cases on the demo
# office's past days): None, the clock's. Set only through `acting_at`.
_ACTING_AT: ContextVar[dt.datetime | None] = ContextVar("casedesk_acting_at", default=None)


def utcnow() -> dt.datetime:
    fixed = _ACTING_AT.get()
    return fixed if fixed is not None else dt.datetime.now(dt.UTC)


@contextmanager
def acting_at(moment: dt.datetime) -> Iterator[None]:
    """Within, `utcnow` is `moment` (aware): what the use cases stamp (audit entries included)."""
    token = _ACTING_AT.set(moment)
    try:
        yield
    finally:
        _ACTING_AT.reset(token)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        Minor: BigInteger,
        dt.datetime: UTCDateTime,
        str40: String(40),
    }
