"""The window the chance of recovery looks back over (app/cases/priority.py): the last 30 days
up to the queue date, the office's days (the queue date and the 29 before); and the open cases
whose borrower was reached in a conversation in it.

and the loans that received a payment in it.

Set-based, never a query per case: for the whole office one grouped pass over the window's
entries of an index that holds what is asked (the contacts' time with their outcome, party and
case; the payments' date with their loan, migration 0029); for a few cases (a payment's loan,
the day's new cases) a seek per case or loan, in chunks of ids. Seeking every open case's loan
read the whole (loan_id, paid_on) index, ten times the window's entries.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from app.cases.priority import RECENT_DAYS
from app.models import ContactAttempt, Outcome, Party, Payment

_CHUNK = 900  # ids per IN list: below SQLite's old limit of 999 bound values


def window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the last RECENT_DAYS days up to `as_of` (both counted)."""
    return as_of - dt.timedelta(days=RECENT_DAYS - 1), as_of


def _utc_window(as_of: dt.date, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The window's office days as [start, end) in UTC."""
    first, last = window(as_of)
    start = dt.datetime.combine(first, dt.time(0), zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _conversation(as_of: dt.date, zone: zoneinfo.ZoneInfo) -> ColumnElement[bool]:
    """A call or visit that reached the borrower, in the window."""
    c = ContactAttempt
    start, end = _utc_window(as_of, zone)
    return and_(
        c.at >= start,
        c.at < end,
        c.outcome == Outcome.CONNECTED,
        c.party == Party.BORROWER,
    )


def _ids(session: Session, query: Select[Any]) -> frozenset[int]:
    """The query's ids, its values written in, read on the session's connection by the driver
    itself, as the facts query is (app/cases/facts.py): SQLAlchemy's handling of 40,000 rows cost
    as much as the query. Made distinct here: a DISTINCT sorted them first, in a temporary tree,
    for as long again as the index's range took."""
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return frozenset(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def reached(
    session: Session,
    as_of: dt.date,
    zone: zoneinfo.ZoneInfo,
    case_ids: Iterable[int] | None = None,
) -> frozenset[int]:
    """The cases whose borrower was reached in a conversation in the window: the whole office's
    (`case_ids` None: one pass over the window's entries of the covering index on the contacts'
    time), or among the given cases (a seek per case on the (case_id, at) index)."""
    talked = _conversation(as_of, zone)
    query = select(ContactAttempt.case_id).where(talked)
    if case_ids is None:
        return _ids(session, query)
    found: set[int] = set()
    for chunk in _chunks(sorted(set(case_ids))):
        found.update(_ids(session, query.where(ContactAttempt.case_id.in_(chunk))))
    return frozenset(found)


def paid(session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None) -> frozenset[int]:
    """The loans that received a payment in the window: any (`loan_ids` None), or of those given."""
    first, last = window(as_of)
    query = select(Payment.loan_id).where(Payment.paid_on >= first, Payment.paid_on <= last)
    if loan_ids is None:
        return _ids(session, query)
    found: set[int] = set()
    for chunk in _chunks(sorted(set(loan_ids))):
        found.update(_ids(session, query.where(Payment.loan_id.in_(chunk))))
    return frozenset(found)
