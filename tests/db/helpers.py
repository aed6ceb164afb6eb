"""Shared helpers for store tests: file hashes and raw (non-ORM) SQLCipher access."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text

SQLITE_MAGIC = b"SQLite format 3\x00"


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def raw_connect(path: Path, key: str) -> Any:
    """A plain SQLCipher connection, bypassing Casedesk's engine (to fake odd databases)."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    return conn


def side_files(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def audit_commits_fail(database: Any, action: str) -> None:
    """From now on a transaction that appends an audit entry `action` fails when it commits, not
    when the entry is flushed: the entry adds a row breaking a deferred foreign key, which SQLite
    checks at COMMIT ("FOREIGN KEY constraint failed"). `audit_commits_succeed` lifts it."""
    assert action.replace(".", "").replace("_", "").isalnum()  # spelled into the trigger's SQL
    with database.session() as s:
        s.execute(
            text(
                "CREATE TABLE test_tripwire (entry INTEGER REFERENCES audit_entry (id) "
                "DEFERRABLE INITIALLY DEFERRED)"
            )
        )
        s.execute(
            text(
                "CREATE TRIGGER test_tripwire AFTER INSERT ON audit_entry "
                f"WHEN NEW.action = '{action}' "
                "BEGIN INSERT INTO test_tripwire (entry) VALUES (-1); END"
            )
        )


def audit_commits_succeed(database: Any) -> None:
    with database.session() as s:
        s.execute(text("DROP TRIGGER test_tripwire"))
        s.execute(text("DROP TABLE test_tripwire"))


def alter_audit_entry(path: Path, key: str, entry_id: int) -> None:
    """Change entry `entry_id`'s changes in the file at `path` behind the trigger's back, as QA
    did inside a backup (the trigger dropped and made again): the chain breaks at that entry."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE "
            "'%BEFORE UPDATE ON audit_entry%'"
        ).fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(
            "UPDATE audit_entry SET changes = '{\"altered\": true}' WHERE id = ?", (entry_id,)
        )
        for _name, sql in triggers:
            conn.execute(sql)
    finally:
        conn.close()
