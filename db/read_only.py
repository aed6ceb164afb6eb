"""Which of an office's files is read-only, said by name: SQLite makes the -wal and -shm files
with the database file's permissions, so a file made read-only and then writable again keeps a
read-only -shm (and -wal) beside it, and the office is refused as before (QA round 12)."""

from __future__ import annotations

import os
import stat

from app.errors import DatabaseError


def writable(path: str) -> bool:
    """Whether this user may write `path` by its permissions (True when it is not there)."""
    try:
        found = os.stat(path)
    except OSError:
        return True
    if not hasattr(os, "geteuid"):  # Windows: the read-only attribute
        return bool(found.st_mode & stat.S_IWRITE)
    if found.st_uid == os.geteuid():
        return bool(found.st_mode & stat.S_IWUSR)
    if found.st_gid == os.getegid() or found.st_gid in os.getgroups():
        return bool(found.st_mode & stat.S_IWGRP)
    return bool(found.st_mode & stat.S_IWOTH)


def read_only_file(path: str) -> DatabaseError | None:
    """The refusal naming the read-only one of the database file, its -wal and its -shm; None
    when none of them is (the folder, another owner: said as before)."""
    if not writable(path):
        return DatabaseError(
            "Cannot write to {path}: the file is read-only. Make it writable and try again. "
            "Nothing was saved.",
            path=path,
        )
    wal, shm = f"{path}-wal", f"{path}-shm"
    if not writable(wal) and _size(wal) > 0:  # saved work not yet in the file: not to delete
        return DatabaseError(
            "Cannot write to {path}: {side} is read-only. Make it writable and try again. "
            "Nothing was saved.",
            path=path,
            side=wal,
        )
    sides = [side for side in (wal, shm) if not writable(side)]
    if len(sides) == 2:
        return DatabaseError(
            "Cannot write to {path}: {wal} and {shm} are read-only. Make them writable or delete "
            "them (Casedesk makes them again). Nothing was saved.",
            path=path,
            wal=wal,
            shm=shm,
        )
    if sides:
        return DatabaseError(
            "Cannot write to {path}: {side} is read-only. Make it writable or delete it "
            "(Casedesk makes it again). Nothing was saved.",
            path=path,
            side=sides[0],
        )
    return None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
