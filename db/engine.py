"""Open the encrypted database: SQLCipher with WAL, foreign keys, busy timeout, synchronous=FULL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseError

CACHE_KIB = 65536  # decrypted pages kept per connection (SQLCipher decrypts on every miss)
BUSY_TIMEOUT_MS = 10_000
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "afpfs", "webdav", "davfs", "fuse.sshfs"}


def is_network_path(path: Path) -> bool:
    """True for a UNC path or a folder on a network file system (SQLite locking breaks there)."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform.startswith("linux") and os.path.exists("/proc/mounts"):
        resolved = str(Path(path).resolve())
        best, fstype = "", ""
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        return fstype in _NETWORK_FS
    return False


def _raw_connect(path: Path, key: str) -> Any:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise DatabaseError(
            "Cannot open {path}: wrong key or not a Casedesk database.", path=str(path)
        ) from None
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


def check_path(path: Path, *, must_exist: bool) -> Path:
    path = Path(path).expanduser()
    if is_network_path(path):
        raise DatabaseError(
            "{path} is on a network share; Casedesk keeps its database on this computer.",
            path=str(path),
        )
    if must_exist and not path.is_file():
        raise DatabaseError(
            "No database at {path}. Create one with `casedesk init` or `casedesk demo`.",
            path=str(path),
        )
    if not must_exist:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def make_engine(path: Path, key: str, *, must_exist: bool = True) -> Engine:
    """An engine on the encrypted file; raises DatabaseError for a missing file or a wrong key."""
    path = check_path(path, must_exist=must_exist)
    _raw_connect(path, key).close()  # fail now, cleanly, rather than on first query
    engine = create_engine(
        "sqlite+pysqlite:///" + str(path),
        module=sqlcipher,
        creator=lambda: _raw_connect(path, key),
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # pysqlite's implicit BEGIN is off; be explicit
        # A write-locked transaction takes SQLite's write lock before its first read, so a check
        # and the save that depends on it cannot interleave with another workstation's.
        immediate = conn.get_execution_options().get("write_lock", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def audit_key(db_key: str) -> bytes:
    """The audit chain's HMAC key, derived from the database key (never stored)."""
    import hashlib
    import hmac

    return hmac.new(bytes.fromhex(db_key), b"casedesk audit chain v1", hashlib.sha256).digest()


def session_factory(engine: Engine, db_key: str) -> sessionmaker[Session]:
    """Sessions that carry the audit key, so every audit entry is chained with it."""
    return sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key(db_key)})
