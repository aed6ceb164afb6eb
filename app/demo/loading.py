"""The session a demo build writes through: one connection, set up for a bulk load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session
from sqlcipher3.dbapi2 import OperationalError

from db.engine import BUSY_TIMEOUT_MS
from db.store import Database

# What db/engine.py sets on every connection, put back after a relaxed build.
NORMAL = ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON")


@contextmanager
def build_session(database: Database, *, new_file: bool = False) -> Iterator[Session]:
    """A session in one transaction (committed on success, rolled back on error).

    With `new_file` (a brand-new SQLite file that is deleted if the build fails, as
    app.setup.building does), the connection drops what only protects a file worth keeping.
    """
    if new_file and database.url is None:
        database.engine.dispose()  # idle pooled connections would keep the file in WAL mode
    with database.engine.connect() as connection:
        raw: Any = connection.connection.driver_connection  # no transaction begun: pragmas apply
        relaxed = new_file and connection.dialect.name == "sqlite" and _relax(raw)
        try:
            with database.sessions(bind=connection) as session, session.begin():
                yield session
        finally:
            # A Ctrl-C in a statement invalidates the connection (closed, never pooled again):
            # nothing to put back, and a PRAGMA on it would raise and hide the Ctrl-C.
            if relaxed and not connection.invalidated:
                for pragma in NORMAL:
                    raw.execute(f"PRAGMA {pragma}")


@contextmanager
def sort_threads(connection: Connection, threads: int) -> Iterator[None]:
    """Let SQLite sort (CREATE INDEX) with helper threads for a while; SQLite only."""
    if connection.dialect.name != "sqlite":
        yield
        return
    old = connection.exec_driver_sql("PRAGMA threads").scalar_one()
    connection.exec_driver_sql(f"PRAGMA threads = {int(threads)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA threads = {int(old)}")


def _relax(raw: Any) -> bool:
    """Journal in memory, no fsync, no foreign-key lookups; False if the file is shared now."""
    # The rollback journal in memory still serves ROLLBACK, so a Python error undoes the build
    # as before; only a crash mid-build would leave a damaged file, and that file is deleted.
    # The commit then writes each page once (in WAL mode: to the WAL, again at checkpoint).
    # The builder makes its rows consistent (tests/core/test_demo.py checks foreign keys).
    raw.execute("PRAGMA busy_timeout = 0")  # another connection holds the file: do not wait
    try:
        mode = raw.execute("PRAGMA journal_mode = MEMORY").fetchone()[0]
    except OperationalError:  # "database is locked": another connection has it open
        mode = "wal"
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if mode != "memory":
        return False
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA foreign_keys = OFF")
    return True
