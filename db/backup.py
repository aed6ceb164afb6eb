"""Verified, encrypted backups: copy, check, manifest; describe a backup; swap a file in atomically.

A backup is a single SQLCipher file written by VACUUM INTO on the live (keyed) connection, so it
is encrypted with the database's own key. It counts as made only once it has been reopened with
that key, passed `PRAGMA integrity_check` and shown the same row count in every table as the
source at the moment of the copy. A small JSON manifest beside it ("<backup>.json") records
when, from which schema revision, and those counts. The copy itself is db/backup_copy.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine

from app import held_files
from app.errors import DatabaseError, WrongKey
from db.backup_copy import copy_encrypted, table_counts
from db.backup_damage import refuse_unreadable

SQLITE_MAGIC = b"SQLite format 3\x00"
MANIFEST_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds: when it was made (UTC), the schema revision, rows per table."""

    created_at: str  # ISO 8601, UTC
    revision: str | None
    counts: dict[str, int]
    source: str = ""  # the database file it was copied from
    kind: str = "manual"  # manual | scheduled | before-restore | before-upgrade
    size_bytes: int = 0
    app_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # The audit chain's head in the copy ({"id", "hash", "at"}): kept outside the database, it
    # shows later whether entries were removed from the chain's end (app/audit_anchor.py).
    audit_head: dict[str, Any] | None = None
    # When the office was set up (office.created_at as stored): the same after the file is moved
    # or gets a new recovery key, another for an office made anew at the same path, so the
    # backups of this office are told from another's (db/backup_owner.py).
    office_made: str = ""

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def manifest_path(backup: Path) -> Path:
    return Path(f"{backup}{MANIFEST_SUFFIX}")


def read_manifest(backup: Path) -> Manifest | None:
    """The manifest beside `backup`, or None when it is missing or unreadable."""
    try:
        return Manifest.from_json(manifest_path(backup).read_text("utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def is_plain_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _revision(conn: Any, tables: dict[str, int]) -> str | None:
    if "alembic_version" not in tables:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _open_file(path: Path, key: str) -> Any:
    """A read-only keyed connection to a single file (no WAL switch, nothing written)."""
    if not path.is_file():
        raise DatabaseError("No backup at {path}.", path=str(path))
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA query_only = 1")
    except sqlcipher.DatabaseError:
        conn.close()
        raise WrongKey(
            "Cannot open {path}: wrong key or not a Casedesk backup.", path=str(path)
        ) from None
    return conn


def read_rows(path: Path, key: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows a query finds in a database file or a backup, read-only (nothing written)."""
    conn = _open_file(Path(path), key)
    try:
        return [tuple(row) for row in conn.execute(sql, tuple(params)).fetchall()]
    finally:
        conn.close()


def stored_timezone(path: Path, key: str) -> str | None:
    """The office time zone kept in a database file or a backup, read without changing it; None
    when the file does not open or holds no office yet."""
    try:
        conn = _open_file(Path(path), key)
    except (DatabaseError, OSError, sqlcipher.Error):
        return None
    try:
        row = conn.execute("SELECT timezone FROM office ORDER BY id LIMIT 1").fetchone()
    except sqlcipher.Error:  # no office table (an empty database), a damaged file
        return None
    finally:
        conn.close()
    return str(row[0]) if row and row[0] else None


@dataclass(frozen=True)
class Inspection:
    """A file opened with the key: integrity, revision and counts as found now."""

    path: Path
    integrity: str  # "ok", or the first problems SQLite reported
    revision: str | None
    counts: dict[str, int]
    manifest: Manifest | None

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


def inspect_file(path: Path, key: str, *, quick: bool = False) -> Inspection:
    """Open `path` with `key` (read-only) and run integrity_check (`quick`: quick_check, which
    skips the index cross-checks); raises for a wrong key."""
    path = Path(path)
    conn = _open_file(path, key)
    try:
        try:
            pragma = "quick_check" if quick else "integrity_check"
            problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchmany(5)]
            counts = table_counts(conn)
            revision = _revision(conn, counts)
        except sqlcipher.DatabaseError as exc:
            return Inspection(path, str(exc), None, {}, read_manifest(path))
    finally:
        conn.close()
    return Inspection(path, "; ".join(problems), revision, counts, read_manifest(path))


def verify_backup(path: Path, key: str) -> Inspection:
    """Check a backup before trusting it: encrypted, intact, and holding what its manifest says."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError("No backup at {path}.", path=str(path))
    if is_plain_sqlite(path):
        raise DatabaseError("{path} is not encrypted; it is not a Casedesk backup.", path=str(path))
    made = read_manifest(path)
    refuse_unreadable(path, key, made.size_bytes if made is not None else None)
    found = inspect_file(path, key)
    if not found.ok:
        raise DatabaseError(
            "The backup {path} is damaged ({problem}). Choose another backup.",
            path=str(path),
            problem=found.integrity,
        )
    if found.revision is None:
        raise DatabaseError("{path} is not a Casedesk database.", path=str(path))
    manifest = found.manifest
    if manifest is not None and manifest.counts != found.counts:
        raise DatabaseError(
            "The backup {path} does not hold what its manifest lists ({table}). Choose another "
            "backup.",
            path=str(path),
            table=_first_difference(manifest.counts, found.counts),
        )
    return found


def _first_difference(expected: dict[str, int], found: dict[str, int]) -> str:
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            return f"{table}: {expected.get(table, '-')} ≠ {found.get(table, '-')}"
    return ""


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    if os.name == "posix":  # make the new directory entry durable too
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _standalone(path: Path, key: str) -> None:
    """Make the copy one self-contained file (rollback journal, not WAL), then flush it to disk."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()
    _fsync(path)


def make_backup(
    engine: Engine,
    key: str,
    source: Path,
    target: Path,
    *,
    kind: str = "manual",
    extra: dict[str, Any] | None = None,
) -> Manifest:
    """Copy, verify and describe: the backup at `target` and its manifest, or an error and no file.

    Verification reopens the copy with the key: integrity_check must say ok and every table's
    row count must equal the source's at the moment of the copy.
    """
    from app import __version__
    from db.backup_owner import made_at

    target = Path(target)
    if target.exists():  # checked here too: the copy goes to another name first
        raise DatabaseError("A file is already at {path}; not overwriting it.", path=str(target))
    # Copied and checked under a name no list of backups shows: a backup killed on the way (the
    # window closed by force, the power cut) must not stand as the day's backup, nor push a
    # good one out of the rotation.
    copy = partial_backup(target)
    counts = copy_encrypted(engine, copy, shown=target)
    try:
        _standalone(copy, key)
        if is_plain_sqlite(copy):
            raise DatabaseError("The backup {path} came out unencrypted.", path=str(target))
        found = inspect_file(copy, key)
        if not found.ok:
            raise DatabaseError(
                "The backup {path} is damaged: {problem}", path=str(target), problem=found.integrity
            )
        if found.counts != counts:
            raise DatabaseError(
                "The backup {path} does not hold what the database held ({table}).",
                path=str(target),
                table=_first_difference(counts, found.counts),
            )
        manifest = Manifest(
            created_at=dt.datetime.now(dt.UTC).isoformat(),  # microseconds: two in a second sort
            revision=found.revision,
            counts=counts,
            source=str(Path(source).absolute()),
            kind=kind,
            size_bytes=copy.stat().st_size,
            app_version=__version__,
            extra=dict(extra or {}),
            audit_head=audit_head(copy, key),
            office_made=made_at(copy, key) or "",
        )
        os.replace(copy, target)  # whole and checked: now it is a backup
        manifest_path(target).write_text(manifest.to_json(), "utf-8")
    except BaseException:
        for leftover in (copy, target, manifest_path(target)):
            leftover.unlink(missing_ok=True)
        raise
    return manifest


PARTIAL_SUFFIX = ".partial"


def partial_backup(target: Path) -> Path:
    """Where the backup going to `target` is copied and checked first: beside it (one rename
    away), hidden, named by this process, and not ending in .bak."""
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def audit_head(path: Path, key: str) -> dict[str, Any] | None:
    """The last audit entry of the database file at `path` (id, hash, time), or None."""
    conn = _open_file(path, key)
    try:
        last = "SELECT id, hash, at FROM audit_entry ORDER BY id DESC LIMIT 1"
        row = conn.execute(last).fetchone()
    except sqlcipher.DatabaseError:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    from db.engine import audit_key, chain_id

    chain = chain_id(audit_key(key))
    return {"id": int(row[0]), "hash": str(row[1]), "at": str(row[2]), "chain": chain}


def read_only_engine(path: Path, key: str) -> Engine:
    """An engine whose connections open the file at `path` read-only (a backup: nothing is
    written to it, not even the WAL switch); dispose of it when done."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher,
        creator=lambda: _open_file(Path(path), key),
        poolclass=NullPool,
    )


def key_is_wrong(path: Path, key: str) -> bool:
    """True when the backup at `path` is whole and encrypted and `key` does not open it: the key,
    not the file, is what is wrong (a missing, plain or damaged file is verify_backup's to say)."""
    try:
        if not path.is_file() or is_plain_sqlite(path):
            return False
        refuse_unreadable(path, key, None)
    except WrongKey:
        return True
    except (DatabaseError, OSError):
        return False
    return False


def describe_backup(path: Path, key: str) -> Inspection:
    """Date, revision and counts of a backup, verified, without changing anything."""
    return verify_backup(path, key)


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file (before the file is replaced or copied by hand)."""
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def replace_file(prepared: Path, db_path: Path) -> None:
    """Swap `prepared` in as `db_path` in one rename; the old file's WAL must not survive it.

    The rename is atomic on one file system: a crash leaves either the old file or the new one.
    The old file's side files are moved aside first and back if the swap fails, so a swap that
    Windows refuses (another program holds the database open) leaves the database as it was,
    WAL included, and says so in one line.
    """
    _fsync(prepared)
    aside: list[tuple[Path, Path]] = []
    try:
        for stale in side_files(db_path):
            moved = stale.with_name(f".{stale.name}.{os.getpid()}.stale")
            try:
                held_files.replace(stale, moved)
            except FileNotFoundError:
                continue
            aside.append((stale, moved))
        held_files.replace(prepared, db_path)
    except OSError as error:
        for stale, moved in reversed(aside):
            try:
                os.replace(moved, stale)
            except OSError:  # kept beside it, named after it, for whoever looks
                pass
        if not held_files.held_open(error):
            raise
        raise DatabaseError(
            "Cannot replace {path}: another program has it open (another Casedesk, a backup or "
            "antivirus program). Close it and try again; the database was not changed.",
            path=str(db_path),
        ) from None
    for _stale, moved in aside:
        try:
            moved.unlink()
        except OSError:  # the old file's WAL, of no use now: a start-up chore at worst
            pass
    _fsync(db_path)
