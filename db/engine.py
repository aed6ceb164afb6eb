"""Open the encrypted database: SQLAlchemy's engine over SQLCipher connections (db/sqlcipher.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseError
from db.sqlcipher import (  # noqa: F401 - re-exported: callers import them from here
    BUSY_TIMEOUT_MS,
    CACHE_KIB,
    check_path,
    failure,
    gone,
    is_network_path,
    mount_type,
    raw_connect,
    sqlcipher,
)


def make_engine(path: Path, key: str, *, must_exist: bool = True) -> Engine:
    """An engine on the encrypted file; raises DatabaseError for a missing file or a wrong key."""
    path = check_path(path, must_exist=must_exist)
    raw_connect(path, key).close()  # fail now, cleanly, rather than on first query
    engine = create_engine(
        "sqlite+pysqlite:///" + str(path),
        module=sqlcipher,
        # The file is there now (made just above, for a new office): a later connection finding
        # it gone says so, and makes no empty file in its place.
        creator=lambda: raw_connect(path, key, existing=True),
    )

    identity = _file_identity(path)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # pysqlite's implicit BEGIN is off; be explicit
        # A write-locked transaction takes SQLite's write lock before its first read, so a check
        # and the save that depends on it cannot interleave with another workstation's.
        immediate = conn.get_execution_options().get("write_lock", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        conn.info["changes_at_begin"] = _changes(conn)

    @event.listens_for(engine, "commit")
    def _commit(conn: Any) -> None:
        # A file swapped in under an open connection (`db restore` from another process) leaves
        # this connection on the old, unlinked file: its commit would "succeed" into a file
        # nobody will open again. Refuse it (the transaction is rolled back) instead.
        wrote = _changes(conn) != conn.info.pop("changes_at_begin", None)
        if wrote and not os.path.lexists(path):
            raise gone(str(path))
        if wrote and _file_identity(path) != identity:
            raise DatabaseError(
                "{path} was replaced (restored or moved) while Casedesk had it open. Nothing was "
                "saved; start Casedesk again.",
                path=str(path),
            )

    @event.listens_for(engine, "handle_error")
    def _explain(context: Any) -> Exception | None:
        # A busy, read-only, full or damaged file is said in the user's words (a DatabaseError,
        # which the CLI and the window show as one line), not as SQLAlchemy's traceback.
        return failure(context.original_exception, str(path))

    return engine


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode: another file renamed in over it has others."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _changes(conn: Any) -> int | None:
    """SQLite's count of rows this connection has changed since it opened."""
    return getattr(conn.connection.dbapi_connection, "total_changes", None)


def audit_key(db_key: str) -> bytes:
    """The audit chain's HMAC key, derived from the database key (never stored)."""
    import hashlib
    import hmac

    return hmac.new(bytes.fromhex(db_key), b"casedesk audit chain v1", hashlib.sha256).digest()


def chain_id(key: bytes) -> str:
    """A name for the audit chain HMAC'd with `key` (audit_key): a backup's manifest records it,
    so a backup of another office once at the same path is told apart; it reveals no key."""
    import hashlib
    import hmac

    return hmac.new(key, b"casedesk audit chain id", hashlib.sha256).hexdigest()[:16]


def session_factory(engine: Engine, db_key: str) -> sessionmaker[Session]:
    """Sessions that carry the audit key, so every audit entry is chained with it, and refuse to
    delete a record within its retention period (app.retention_guard), and to write text that
    cannot be kept (app.text_guard)."""
    from app import retention_guard, text_guard

    factory = sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key(db_key)})
    retention_guard.install(factory)
    text_guard.install(factory)
    return factory


def page_cache(connection: Any, size: int | None) -> int | None:
    """Set this connection's SQLite `PRAGMA cache_size` (negative: KiB); the previous value.

    A no-op returning None on PostgreSQL (the server's shared buffers serve every connection)
    or when `size` is None, so a caller can restore what it got back unconditionally.
    """
    if connection.dialect.name != "sqlite" or size is None:
        return None
    old = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = {int(size)}")
    return int(old)


def page_cache_at_least(connection: Any, kib: int) -> int | None:
    """Raise this connection's SQLite page cache to `kib` KiB for a while; the previous value to
    give back to page_cache() afterwards, or None when nothing changed (PostgreSQL, or a cache
    already as big: a demo build's, which is bigger, is left as it is)."""
    if connection.dialect.name != "sqlite":
        return None
    old = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    if old < 0:
        held = -old
    else:  # in pages
        held = old * int(connection.exec_driver_sql("PRAGMA page_size").scalar_one()) // 1024
    if held >= kib:
        return None
    connection.exec_driver_sql(f"PRAGMA cache_size = {-int(kib)}")
    return old
