"""Why a backup does not open, as far as the file tells: cut short or damaged (choose another
backup) rather than "wrong key", wherever the file lets the two be told apart.

- An encrypted database is whole pages (SQLCipher's 4,096 bytes): any other size, or none, is a
  copy cut short.
- The key opens the first page (its check passes) but what follows is missing or unreadable:
  SQLite says "malformed" (SQLITE_CORRUPT) where a wrong key says "not a database" (NOTADB).
- A file that does not open at all, and is not the size its manifest says it was made: cut short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from app.errors import DatabaseError, WrongKey

PAGE_SIZE = 4096  # SQLCipher 4's page size: Casedesk never changes it, VACUUM INTO keeps it


def _trial_open(path: Path, key: str) -> Any:
    """The error opening `path` with `key` and reading its schema raises, or None."""
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as error:
        return error
    finally:
        conn.close()
    return None


def refuse_unreadable(path: Path, key: str, made_size: int | None) -> None:
    """Refuse a backup that is empty, cut short or damaged, saying so and to choose another one;
    a file that does not open and shows no damage is refused as a wrong key. `made_size`: its
    size when it was made (its manifest's), if known."""
    size = path.stat().st_size
    if size == 0:
        raise DatabaseError("The backup {path} is empty. Choose another backup.", path=str(path))
    if size % PAGE_SIZE:
        raise DatabaseError(
            "The backup {path} is incomplete or damaged: its {size} bytes are not whole pages of "
            "an encrypted database (a copy cut short, or not a Casedesk backup). Choose another "
            "backup.",
            path=str(path),
            size=f"{size:,}",
        )
    error = _trial_open(path, key)
    if error is None:
        return
    if not str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_NOTADB"):
        raise DatabaseError(
            "The backup {path} is damaged: the key opens it, but parts of it are missing or "
            "unreadable. Choose another backup.",
            path=str(path),
        )
    if made_size and made_size != size:
        raise DatabaseError(
            "The backup {path} is incomplete or damaged: it is {size} bytes, but was {made} "
            "bytes when it was made. Choose another backup.",
            path=str(path),
            size=f"{size:,}",
            made=f"{made_size:,}",
        )
    raise WrongKey("Cannot open {path}: wrong key or not a Casedesk backup.", path=str(path))
