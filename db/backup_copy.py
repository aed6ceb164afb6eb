"""The raw copy behind a backup: VACUUM INTO a new file (the same key) while writers wait, with
every table's row count at that moment. A destination that cannot be written is refused in one
line before anything is copied, and a copy that fails leaves no file behind.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine

from app.errors import DatabaseError, os_reason
from app.i18n import tr
from app.paths import make_folder
from db.sqlcipher import MAX_PATH_BYTES, path_bytes, too_long
from db.sqlcipher import failure as file_failure


def _tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def table_counts(conn: Any) -> dict[str, int]:
    """Rows per table on a DBAPI connection (sqlite_* internals left out)."""
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(conn)}


def _claim(target: Path, shown: Path) -> None:
    """Make the missing folders and create `target` empty, only if nothing is there (VACUUM INTO
    fills an empty file): a destination that cannot be written is refused in one line, naming
    `shown` (the backup's own name), before anything is copied."""

    def refused(exc: OSError) -> DatabaseError:
        return DatabaseError(
            "Cannot write the backup to {path}: {reason}.", path=str(shown), reason=os_reason(exc)
        )

    folder = target.parent
    try:
        make_folder(folder)  # in the data folder (backups/): the user's alone
    except FileExistsError:  # a file where a folder should be: mkdir says "exists" of it
        raise refused(NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from None
    except OSError as exc:
        raise refused(exc) from None
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise DatabaseError(
            "A file is already at {path}; not overwriting it.", path=str(shown)
        ) from None
    except OSError as exc:
        raise refused(exc) from None
    os.close(handle)


# SQLite's errors that mean the copy could not be written where it was asked to go.
_WRITE_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_PERM")


def _write_failure(
    target: Path, exc: sqlcipher.OperationalError, shown: Path
) -> DatabaseError | None:
    """SQLite's words for a copy to `target` that could not be written, as one line naming
    `shown`."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    if not name.startswith(_WRITE_ERRORS) and "unable to open database" not in str(exc):
        return None
    if name == "SQLITE_FULL":
        reason = tr("the disk is full")
    elif name.startswith("SQLITE_READONLY"):
        reason = tr("the disk is read-only")
    elif name.startswith("SQLITE_CANTOPEN") and too_long(target):
        return DatabaseError(
            "Cannot write the backup to {path}: the path is too long ({length} bytes, where at "
            "most {most} fit; a Chinese character takes 3). Choose a folder with a shorter path.",
            path=str(shown),
            length=path_bytes(target),
            most=MAX_PATH_BYTES,
        )
    elif name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")) or not name:
        reason = tr("the file cannot be opened")
    else:
        reason = str(exc)
    return DatabaseError(
        "Cannot write the backup to {path}: {reason}.", path=str(shown), reason=reason
    )


def copy_encrypted(engine: Engine, target: Path, shown: Path | None = None) -> dict[str, int]:
    """VACUUM INTO `target` (same key) while writers wait; returns the source's counts then.
    Errors name `shown` (the backup's name, when `target` is the file it is first copied to).

    A second connection holds the write lock (BEGIN IMMEDIATE) while it counts and the copy runs,
    so the counts describe exactly the copied snapshot. Readers are not blocked (WAL). Missing
    folders are made; `target` must not exist. A copy that fails leaves no file behind.
    """
    target = Path(target)
    shown = Path(shown) if shown is not None else target
    _claim(target, shown)
    try:
        guard = engine.raw_connection()
        copier = engine.raw_connection()
        try:
            cursor = guard.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                counts = table_counts(cursor)
                # VACUUM cannot run inside a transaction; the raw DBAPI connection is in
                # autocommit.
                copier.cursor().execute("VACUUM INTO ?", (str(target),))
            finally:
                cursor.execute("ROLLBACK")
        finally:
            copier.close()
            guard.close()
    except sqlcipher.DatabaseError as exc:  # OperationalError too
        target.unlink(missing_ok=True)
        written = isinstance(exc, sqlcipher.OperationalError)
        failure = _write_failure(target, exc, shown) if written else None
        # Else the office's own trouble (damaged, busy …), in the words the CLI says it in.
        failure = failure or file_failure(exc, str(engine.url.database or ""))
        if failure is None:
            raise
        raise failure from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return counts
