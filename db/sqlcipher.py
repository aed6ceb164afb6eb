"""The encrypted file itself, without SQLAlchemy: SQLCipher's connection with WAL, foreign keys, a
busy timeout and synchronous=FULL, and the checks made before a file is opened.

db/engine.py builds SQLAlchemy's engine on these connections; the start's first screen
(app/first_screen.py) reads through one directly while SQLAlchemy is still loading.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from app.errors import DamagedDatabase, DatabaseError, WrongKey
from app.paths import make_folder
from db.read_only import read_only_file

# sqlcipher3 binds None and bool through its adapter protocol and, finding no adapter, takes a
# slow fallback (about 2.5 µs a value, ten times an int: 10 s of a 100,000-loan demo build).
# Registered adapters are found at once and store exactly what the fallback stores: NULL, 1/0.
sqlcipher.register_adapter(type(None), {}.get)  # {}.get(None) is None, called at C speed
sqlcipher.register_adapter(bool, int)

CACHE_KIB = 65536  # decrypted pages kept per connection (SQLCipher decrypts on every miss)
BUSY_TIMEOUT_MS = 10_000
# SQLite opens a file whose full path is at most 512 bytes in UTF-8 on Linux and macOS, its
# "-journal" name included: 504 for the database's own. A Chinese character takes three bytes, so
# about 160 of them are enough. (Windows' SQLite counts characters, and so does Windows.)
MAX_PATH_BYTES = 504
# What Casedesk adds to a database's name for the files it writes beside it: the partial file
# of a new or restored office (".NAME.restore-PID.partial"), the copy before an upgrade.
BESIDE_BYTES = 72
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "afpfs", "webdav", "davfs", "fuse.sshfs"}


def _linux_mounts() -> list[tuple[str, str]]:
    mounts: list[tuple[str, str]] = []
    with open("/proc/mounts", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 3:
                mounts.append((parts[1].replace("\\040", " "), parts[2]))
    return mounts


def _mac_mounts() -> list[tuple[str, str]]:
    """`mount` lines: "//user@server/share on /Volumes/share (smbfs, nodev, …)"."""
    import re
    import subprocess

    try:
        text = subprocess.run(["mount"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = (re.match(r"^.+? on (.+) \(([^,)]+)", line) for line in text.splitlines())
    return [(m[1], m[2].strip()) for m in found if m]


def mount_type(path: str, mounts: list[tuple[str, str]]) -> str:
    """The file-system type of the longest mount point that contains `path`."""
    best, fstype = "", ""
    for point, kind in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and len(point) > len(best):
            best, fstype = point, kind
    return fstype


def _windows_remote_drive(path: Path) -> bool:
    import ctypes

    drive = Path(path).absolute().drive
    if not drive:
        return False
    drive_remote = 4
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.GetDriveTypeW(drive + "\\") == drive_remote)


def is_network_path(path: Path) -> bool:
    """True for a UNC path or a folder on a network file system (SQLite locking breaks there).

    Best effort: UNC names and mapped network drives on Windows, the mount table's file-system
    type on Linux (/proc/mounts) and macOS (`mount`: smbfs, afpfs, nfs, webdav).
    """
    text = str(path)
    if text[:4] in ("\\\\?\\", "\\\\.\\"):  # Windows' long-path form: \\?\C:\… is local
        rest = text[4:]
        if rest[:4].upper() != "UNC\\":  # \\?\UNC\server\share\… is a share
            return sys.platform == "win32" and _windows_remote_drive(Path(rest))
        return True
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":
        return _windows_remote_drive(Path(path))
    resolved = str(Path(path).resolve())
    if sys.platform.startswith("linux") and os.path.exists("/proc/mounts"):
        return mount_type(resolved, _linux_mounts()) in _NETWORK_FS
    if sys.platform == "darwin":
        return mount_type(resolved, _mac_mounts()) in _NETWORK_FS
    return False


def path_bytes(path: Path | str) -> int:
    """How long `path` is for SQLite: its absolute form's UTF-8 bytes."""
    return len(os.fsencode(os.path.abspath(path)))


def too_long(path: Path | str, spare: int = 0) -> bool:
    """True when SQLite cannot open a file at `path` (with `spare` bytes to add to its name)."""
    return sys.platform != "win32" and path_bytes(path) + spare > MAX_PATH_BYTES


def refuse_too_long(path: Path | str, spare: int = 0) -> None:
    """Say, before SQLite's "unable to open", that the path is what is too long."""
    if too_long(path, spare):
        raise DatabaseError(
            "The path {path} is too long for the database: {length} bytes, where at most "
            "{most} fit (a Chinese character takes 3). Keep the office in a folder with a "
            "shorter path.",
            path=str(path),
            length=path_bytes(path),
            most=MAX_PATH_BYTES - spare,
        )


def raw_connect(path: Path, key: str, *, existing: bool = False) -> Any:
    """A DBAPI connection on the encrypted file, set up as every Casedesk connection is.

    `existing`: the file must be there already. SQLite otherwise makes an empty one: a file
    deleted or moved while Casedesk had it open came back empty under its name on the next
    connection, beside the old file's WAL, and every page then failed on "no such table".
    """
    try:
        if existing:
            uri = Path(path).absolute().as_uri() + "?mode=rw"
            conn = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher.Error as error:
        raise failure(error, str(path)) or DatabaseError(
            "Cannot open {path}: {reason}", path=str(path), reason=str(error)
        ) from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlcipher.Error as error:
        conn.close()
        if _code(error) == "SQLITE_NOTADB":  # the first page does not decrypt with this key
            raise WrongKey(
                "Cannot open {path}: wrong key or not a Casedesk database.", path=str(path)
            ) from None
        raise failure(error, str(path)) or DatabaseError(
            "Cannot open {path}: {reason}", path=str(path), reason=str(error)
        ) from None
    return conn


def _code(error: BaseException) -> str:
    """SQLite's extended error name ("SQLITE_BUSY_SNAPSHOT") of a DBAPI or SQLAlchemy error."""
    original = getattr(error, "orig", None) or error
    return str(getattr(original, "sqlite_errorname", "") or "")


def failure(error: BaseException, path: str) -> DatabaseError | None:
    """What a user can act on in SQLite's error on the database at `path`, as a DatabaseError;
    None for an error that is not about the file (a constraint, a bad statement …).

    SQLite has rolled back the statement's transaction by then: nothing of it was saved.
    """
    if not isinstance(error, Exception):  # Ctrl-C in a statement (KeyboardInterrupt): not the file
        return None
    code = _code(error)
    said = str(getattr(error, "orig", None) or error).strip().splitlines()
    reason = said[0] if said else code  # an error may have no words at all
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseError(
            "{path} is busy: another Casedesk or program is writing to it. Nothing was saved; "
            "try again in a moment.",
            path=path,
        )
    if code == "SQLITE_READONLY_DBMOVED" and not os.path.lexists(path):
        return gone(path)
    if code == "SQLITE_READONLY_DBMOVED":
        return DatabaseError(
            "{path} was replaced (restored or moved) while Casedesk had it open. Nothing was "
            "saved; start Casedesk again.",
            path=path,
        )
    if code.startswith("SQLITE_CANTOPEN"):
        refuse_too_long(path)
        if not os.path.lexists(path):
            return gone(path)
    if code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        which = read_only_file(path)
        if which is not None:
            return which
        return DatabaseError(
            "Cannot write to {path}: the file or its folder is read-only or not yours (Casedesk "
            "writes the file and its -wal and -shm files beside it). Nothing was saved.",
            path=path,
        )
    if code == "SQLITE_FULL":
        return DatabaseError(
            "Cannot write to {path}: the disk is full. Nothing was saved; free some space and "
            "try again.",
            path=path,
        )
    if code.startswith("SQLITE_IOERR"):
        return DatabaseError(
            "Cannot write to {path}: the disk reported an error ({reason}); it may be full or "
            "failing. Nothing was saved.",
            path=path,
            reason=reason,
        )
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return DamagedDatabase(path, reason)  # SQLite's words only as a detail, never inline
    return None


def gone(path: str) -> DatabaseError:
    """The database file is no longer where Casedesk opened it."""
    return DatabaseError(
        "{path} is no longer there: it was deleted or moved while Casedesk had it open. Nothing "
        "was saved; put the file back, or restore the latest backup, and start Casedesk again.",
        path=path,
    )


def refuse_network_share(path: Path) -> None:
    if is_network_path(path):
        raise DatabaseError(
            "{path} is on a network share; Casedesk keeps its database on this computer.",
            path=str(path),
        )


def _plain_sqlite(path: Path) -> bool:
    """True for a plain SQLite file (a Casedesk database is encrypted from its first byte)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:  # unreadable: opening it says why
        return False


def check_path(path: Path, *, must_exist: bool) -> Path:
    path = Path(path).expanduser()
    refuse_network_share(path)
    # A new office needs room for the files written beside it; one that opens is let be.
    refuse_too_long(path, 0 if must_exist else BESIDE_BYTES)
    if must_exist and not path.is_file():
        raise DatabaseError(
            "No database at {path}. Create one with `casedesk init` or `casedesk demo`.",
            path=str(path),
        )
    if must_exist and path.stat().st_size == 0:  # opened, SQLCipher would make it a database
        raise DatabaseError("{path} is an empty file, not a Casedesk database.", path=str(path))
    if must_exist and _plain_sqlite(path):  # no key opens it: say so before one is asked for
        raise DatabaseError(
            "{path} is an unencrypted SQLite database, not a Casedesk database: no key opens it.",
            path=str(path),
        )
    if not must_exist:
        make_folder(path.parent)  # the data folder, made private on the first `init`
    return path
