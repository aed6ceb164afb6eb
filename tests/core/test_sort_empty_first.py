"""A list sorted by a column that may be empty puts the empty rows where SQLite does, on every
engine: first ascending, last descending. PostgreSQL puts NULLs the other way, so on a server the
queue by next action began with the cases that have one, on a file with those that have none
(sent to legal); the agreements by signing date likewise."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.agreements.listing import agreement_ids
from app.auth import authenticate
from app.models import Agreement, Case, User
from app.queries.cases import queue_ids


def _supervisor(database) -> User:
    return authenticate(database.sessions, "supervisor", "demo")


def _empty_then_filled(values: list[object]) -> bool:
    """All the empty values before all the others, and some of each."""
    filled = [v is not None for v in values]
    return 0 < filled.index(True) and all(filled[filled.index(True) :])


@pytest.mark.parametrize("descending", [False, True])
def test_the_queue_by_next_action(demo_db, descending: bool) -> None:
    with demo_db.session() as s:  # two open cases without a next action (as sent to legal)
        open_ids = queue_ids(s, _supervisor(demo_db))[:2]
        s.execute(update(Case).where(Case.id.in_(open_ids)).values(next_action_on=None))
    with demo_db.sessions() as s:
        ids = queue_ids(s, _supervisor(demo_db), sort="next_action", descending=descending)
        days = dict(s.execute(select(Case.id, Case.next_action_on).where(Case.id.in_(ids))).all())
    values = [days[i] for i in ids]
    assert _empty_then_filled(values[::-1] if descending else values)
    filled = [v for v in values if v is not None]
    assert filled == sorted(filled, reverse=descending)


@pytest.mark.parametrize("descending", [False, True])
def test_the_agreements_by_signing_date(demo_db, descending: bool) -> None:
    user = _supervisor(demo_db)
    with demo_db.sessions() as s:
        ids = agreement_ids(s, user, sort="signed_on", descending=descending)
        signed = dict(s.execute(select(Agreement.id, Agreement.signed_on)).all())
    values = [signed[i] for i in ids]
    assert _empty_then_filled(values[::-1] if descending else values)
