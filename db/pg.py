"""PostgreSQL: the same schema and code on a server, for offices that outgrow one workstation.

Active only for a database URL `postgresql+psycopg://user@host[:port]/dbname`; SQLite stays the
default. On a server there is no SQLCipher key, but the office keeps its 64-hex-digit office key:
it is the secret the audit chain is HMAC'd with (db.engine.audit_key), so every workstation must
hold the same one. It is found like a file's key: CASEDESK_DB_KEY, else the keychain (service
Casedesk, account = the URL without its password), else the recovery key is asked for.
`casedesk db copy` carries the SQLite file's key over, so the copied chain still verifies.
The server password comes from the URL, else CASEDESK_DB_PASSWORD, else the keychain (service
`Casedesk PostgreSQL`, same account), else none: it is asked only when the server refuses to let
the user in without one (db/pg_login.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from app.errors import DatabaseError
from db.engine import BUSY_TIMEOUT_MS
from db.pg_errors import PasswordRefused, explain, password_refused
from db.target import SCHEMES as SCHEMES  # at home in db/target.py, free of SQLAlchemy
from db.target import is_pg_url as is_pg_url

PASSWORD_SERVICE = "Casedesk PostgreSQL"
WRITE_LOCK = "casedesk write lock"  # the one advisory lock that stands in for BEGIN IMMEDIATE


def parse_url(target: str) -> URL:
    """The URL with the psycopg (3) driver; a malformed URL is a clear error."""
    try:
        url = make_url(target)
    except ArgumentError:
        raise DatabaseError("{url} is not a valid PostgreSQL URL.", url=target) from None
    if not url.database:
        raise DatabaseError(
            "{url} names no database: use postgresql+psycopg://user@host/casedesk.", url=target
        )
    return url.set(drivername="postgresql+psycopg")


def account(url: URL) -> str:
    """The keychain account for a server database: its URL without the password."""
    return url.render_as_string(hide_password=True).replace(":***@", "@")


def display(target: str) -> str:
    """A URL fit to print: never the password."""
    try:
        return account(parse_url(target))
    except DatabaseError:
        return target.split("@")[-1]


def _keychain(service: str, name: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(service, name) or None
    except Exception:  # no keychain on this machine
        return None


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for `name` (Python's hash() is salted)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def lock_for_write(session: Session | Any, name: str = WRITE_LOCK) -> None:
    """Serialise check-then-write transactions across processes until this transaction ends.

    PostgreSQL: pg_advisory_xact_lock. SQLite: nothing to do, BEGIN IMMEDIATE already holds the
    file's write lock. Accepts a Session or a Connection.
    """
    bind = session.get_bind() if isinstance(session, Session) else session
    if bind.dialect.name == "postgresql":
        # Wait as long as SQLite's busy timeout, then fail with an error rather than hang (e.g.
        # a second session in the same process waiting for the first).
        session.execute(
            text("SELECT set_config('lock_timeout', :t, true)"), {"t": f"{BUSY_TIMEOUT_MS}ms"}
        )
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})


CONNECT_TIMEOUT_S = 10  # a server out of reach (not refusing, silent) fails in this, not never


def make_pg_engine(url: URL) -> Engine:
    """An engine on the server; raises DatabaseError when it cannot be reached or logged into,
    PasswordRefused when the server wants a password or refused the one in `url`.

    A connection waits at most CONNECT_TIMEOUT_S for the server unless the URL names its own
    `connect_timeout`: without one, an address that drops packets held the window for minutes."""
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args
    )
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        if password_refused(exc):
            raise PasswordRefused(
                "The server {url} did not let {user} in: it wants a password, or refused the "
                "one given.",
                url=account(url),
                user=url.username or "",
            ) from None
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(
            "Cannot open {url}: {reason}. Check the address, the database's name, the user and "
            "the password, that the server is running and that this computer can reach it; then "
            "try again.",
            url=account(url),
            reason=reason,
        ) from None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # The server's counterpart of SQLite's BEGIN IMMEDIATE: a write-locked transaction waits
        # for every other one to end before its first read, so a compliance check and the save
        # that depends on it cannot interleave with another workstation's (READ COMMITTED: each
        # statement after the lock sees everything committed before it).
        if conn.get_execution_options().get("write_lock", False):
            lock_for_write(conn)

    @event.listens_for(engine, "handle_error")
    def _explain(context: Any) -> Exception | None:
        # The server stopped or out of reach, or busy, once the office is open: said in the
        # user's words (a DatabaseError, one line in the CLI and the window), not as psycopg's.
        return explain(context, account(url))

    return engine


def database_size(engine: Engine) -> int:
    """The server database's size in bytes."""
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def advance_sequence(connection: Any, table: Any) -> None:
    """After rows were inserted with explicit ids, move the table's id sequence past them.

    PostgreSQL only (a SERIAL column does not notice explicit ids); SQLite needs nothing.
    """
    if connection.dialect.name != "postgresql" or "id" not in table.c:
        return
    name = table.name.replace('"', '""')
    connection.execute(
        text(
            "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
            f'coalesce((SELECT max(id) FROM "{name}"), 0) + 1, false)'
        ),
        {"t": f'"{name}"'},
    )
