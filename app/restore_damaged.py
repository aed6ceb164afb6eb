"""Restoring an office whose file is damaged, before anyone can log in to it (the window's
"Restore from a backup…" when the office does not open): where its backups are, and the restore
itself through the same core as `casedesk db restore` (app/restore.py), by an administrator of
the backup, with their password.

The office's own settings may not be readable any more: its backup folder is read from them when
it can be, else it is the default folder (beside the data), where `casedesk db backup` makes them
by default; any other .bak file can be chosen too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.auth import authenticate
from app.backups import default_folder
from app.errors import AuthenticationError, DatabaseError
from app.models import User
from app.restore import RestoreResult, restore
from db.backup import read_rows
from db.backup_files import BackupFile, list_backups
from db.store import Database


def backup_folder(db_path: Path, key: str) -> Path:
    """The office's backup folder: its setting, when the damaged file still lets it be read;
    else the default one."""
    try:
        rows = read_rows(db_path, key, "SELECT value FROM setting WHERE key = 'backup.folder'")
    except (DatabaseError, OSError, sqlcipher.Error):
        return default_folder()
    if not rows or rows[0][0] is None:
        return default_folder()
    try:
        chosen = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
    except ValueError:
        return default_folder()
    return Path(chosen).expanduser() if isinstance(chosen, str) and chosen else default_folder()


def damaged_backups(db_path: Path, key: str) -> tuple[Path, list[BackupFile]]:
    """The folder looked in, and the office's backups there, newest first (its own, and those
    that may be: a damaged office's chain and set-up time cannot be read to tell them apart)."""
    folder = backup_folder(db_path, key)
    return folder, list_backups(folder, Path(db_path).expanduser().absolute())


def restore_damaged(
    db_path: Path,
    backup: Path,
    key: str,
    username: str,
    password: str,
    *,
    stage: Callable[[str], None] | None = None,
) -> RestoreResult:
    """Restore `backup` over the damaged office at `db_path`: `username` must be an
    administrator in the backup, with `password` (a wrong one is counted there, as a login is).
    The damaged file is kept beside the backups, as `casedesk db restore` keeps it."""

    def login(database: Database) -> User:
        if not username:
            raise AuthenticationError("Wrong user name or password.")
        return authenticate(database.sessions, username, password)

    return restore(db_path, backup, key, yes=True, login=login, stage=stage)
