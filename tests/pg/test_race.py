"""Two processes on PostgreSQL racing for the same limited thing: exactly one wins each race.

The 4th connected conversation of the day with one borrower (the CN cap is 3), and the same two
agents booked into the same slot for two different visits. Each worker opens its own engine on
the same server database, waits at a barrier, then runs the use case in a write-locked session
(db/pg.py: pg_advisory_xact_lock, the server's counterpart of SQLite's BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from sqlalchemy import func, select, text

from app.models import BlockedAttempt, ContactAttempt, Visit
from db.pg import WRITE_LOCK, lock_key
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_contacts import _log, _yesterday
from tests.core.test_contacts import office as contacts_office  # noqa: F401 - a fixture
from tests.core.visit_office import book, build_visit_office, case_nos, slot, verified_visit


@pytest.fixture
def db(pg_db):
    """The contacts office fixture builds on this: a fresh PostgreSQL database."""
    return pg_db


def _url(server, database) -> str:
    return server.url(database.path.name)  # with the password, unlike database.url


def _contact_worker(url: str, at: str, barrier, results) -> None:
    database = open_database(url, TEST_KEY)
    try:
        barrier.wait(timeout=60)
        _verdict, saved = _log(database, at=dt.datetime.fromisoformat(at))
        results.put(saved)
    finally:
        database.close()


def _visit_worker(url: str, visit_no: str, start: str, barrier, results) -> None:
    database = open_database(url, TEST_KEY)
    try:
        barrier.wait(timeout=60)
        result = book(database, visit_no, start=dt.datetime.fromisoformat(start))
        results.put(result.saved)
    finally:
        database.close()


def _race(target, argsets) -> list[bool]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(argsets)), ctx.Queue()
    workers = [ctx.Process(target=target, args=(*a, barrier, results)) for a in argsets]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    return sorted(results.get(timeout=10) for _ in workers)


def test_two_processes_race_for_the_fourth_conversation(pg_server, contacts_office) -> None:  # noqa: F811
    """Two conversations logged; two workstations log the 3rd and the 4th at once."""
    for hour in (9, 10):
        assert _log(contacts_office, at=_yesterday(hour))[1]
    url = _url(pg_server, contacts_office)
    outcome = _race(_contact_worker, [(url, _yesterday(h).isoformat()) for h in (11, 12)])
    assert outcome == [False, True]  # exactly one saved, the other blocked by the daily cap
    with contacts_office.session() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 3
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 1


def test_two_processes_race_to_book_the_same_agents(pg_server, pg_db) -> None:
    build_visit_office(pg_db)
    first, second = case_nos(pg_db)[:2]  # two borrowers, two visits
    visits = [verified_visit(pg_db, first), verified_visit(pg_db, second)]
    start = slot(10).isoformat()
    url = _url(pg_server, pg_db)
    assert _race(_visit_worker, [(url, v, start) for v in visits]) == [False, True]
    with pg_db.session() as s:
        booked = s.scalars(select(Visit).where(Visit.scheduled_start.is_not(None))).all()
        assert len(booked) == 1
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 1


def test_write_locked_sessions_exclude_each_other(pg_db) -> None:
    """While one write-locked transaction is open, another cannot take the lock."""
    probe = text("SELECT pg_try_advisory_xact_lock(:k)")
    with pg_db.session(write_lock=True) as locked:
        locked.execute(text("SELECT 1"))  # the transaction (and its lock) begins on first use
        with pg_db.engine.connect() as other:
            assert other.execute(probe, {"k": lock_key(WRITE_LOCK)}).scalar() is False
    with pg_db.session() as s:  # a plain session takes no lock
        with pg_db.engine.connect() as other:
            assert other.execute(probe, {"k": lock_key(WRITE_LOCK)}).scalar() is True
        assert s.scalar(text("SELECT 1")) == 1


def test_a_second_writer_waits_then_fails_instead_of_hanging(pg_db, monkeypatch) -> None:
    """Like SQLite's busy timeout: a writer that cannot get the lock gives up, and says so in
    the user's words (db/pg_errors.py), as on a file; it was psycopg's "lock timeout". The wait
    is cut to a second here (the office's is ten: ten seconds of the suite for one test)."""
    from app.errors import DatabaseError

    monkeypatch.setattr("db.pg.BUSY_TIMEOUT_MS", 1000)

    with pg_db.session(write_lock=True) as first:
        first.execute(text("SELECT 1"))
        with pytest.raises(DatabaseError) as raised:
            with pg_db.session(write_lock=True) as second:
                second.execute(text("SELECT 1"))
    said = raised.value.translated()
    assert said.startswith(f"{pg_db.url} is busy") and "try again in a moment" in said
