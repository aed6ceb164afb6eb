"""Shared helpers for store tests: file hashes and raw (non-ORM) SQLCipher access."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

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
