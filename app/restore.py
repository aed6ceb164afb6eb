"""Restore a backup: verify it, back up the current database, migrate the copy, swap it in.

Order matters for "nothing is ever lost": the backup is checked before anything is touched; the
current database is copied aside (a verified backup when it still opens, the raw files when it
is damaged); the backup is prepared under a temporary name (migrated to this program's schema,
the restore appended to its audit chain, the erasures made in the office since the backup made
again: app/erasure_restore.py) and only then renamed over the database in one step. A failure at
any point leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.audit_anchor import remember, workstation_anchor
from app.auth import Permission, require
from app.erasure_restore import OfficeErasure, erased_since, office_erasures, reapply
from app.errors import CasedeskError, DatabaseError, ValidationError, failed_path, os_reason
from app.models import AuditEntry, User
from app.paths import make_folder
from app.restore_checks import backup_trail, refuse_broken_trail
from db.backup import (
    Inspection,
    checkpoint,
    inspect_file,
    make_backup,
    replace_file,
    side_files,
    verify_backup,
)
from db.backup_files import backup_name, free_name
from db.engine import make_engine, session_factory
from db.keystore import forget_pending, keep_pending, store_in_keychain
from db.lock import DatabaseLock
from db.store import Database

Login = Callable[[Database], User]
# A restore's steps in order, told to `stage` as each begins: verify the backup, bring a copy of
# it to this program's schema, keep the database as it was, then swap the copy in.
STAGES = ("check", "prepare", "keep", "replace")


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    backup_revision: str | None
    revision: str | None  # after migrating
    previous: Path | None  # where the database as it was was kept; None when there was none
    previous_damaged: bool
    # The backup's own key, when it was made under another recovery key than the office's (before
    # the key was replaced, or on another office): the restored office now opens with it.
    key: str | None = None
    key_kept: bool = False  # that key is in this computer's keychain now (False: no keychain)
    # The borrowers erased in the office since the backup was made, erased again in the restored
    # one (app/erasure_restore.py), by number.
    reerased: tuple[str, ...] = ()


def _open(path: Path, key: str) -> Database:
    engine = make_engine(path, key)
    return Database(path, key, engine, session_factory(engine, key))


def current_if_healthy(db_path: Path, key: str) -> Database | None:
    """The current database when it opens with the key and passes integrity_check."""
    if not db_path.is_file():
        return None
    try:
        # quick_check is enough to choose: a sound file is then copied by a fully verified backup.
        found = inspect_file(db_path, key, quick=True)
    except CasedeskError:
        return None
    if not found.ok or found.revision is None:
        return None
    try:
        return _open(db_path, key)
    except CasedeskError:
        return None


def erasures_pending(db_path: Path, key: str, backup: Path, backup_key: str) -> int | None:
    """How many borrowers erased in the office at `db_path` since `backup` was made restoring it
    erases again; None when the office is there but cannot be read (damaged, as restore() finds
    it: its erasures are unknown, so none can be made again); 0 when there is no office yet."""
    db_path = Path(db_path).expanduser().absolute()
    if not db_path.exists():
        return 0
    current = current_if_healthy(db_path, key)
    if current is None:
        return None
    try:
        return len(erased_since(current, Path(backup), backup_key))
    finally:
        current.close()


def _cannot_keep(folder: Path, error: OSError) -> DatabaseError:
    return DatabaseError(
        "Cannot keep the current database in {path} before restoring: {reason}. Nothing was "
        "changed.",
        path=str(folder),
        reason=os_reason(error),
    )


def _make_folder(folder: Path) -> None:
    """Make the folder that keeps the database as it was, or refuse in one line naming it."""
    try:
        make_folder(folder)
    except FileExistsError:  # a file where the folder should be: mkdir says "exists" of it
        error = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        raise _cannot_keep(folder, error) from None
    except OSError as error:
        raise _cannot_keep(folder, error) from None


def _refuse_absent_drive(folder: Path) -> None:
    """The office's chosen backup folder is made only inside a folder that is there: the
    database as it was is not kept on the system disk in place of a drive not plugged in."""
    from app.backups import absent_parent

    parent = absent_parent(folder)
    if parent is not None:
        raise DatabaseError(
            "Cannot keep the current database in {path} before restoring: the folder {folder} "
            "is not there (is the drive plugged in?). Nothing was changed.",
            path=str(folder),
            folder=str(parent),
        )


def _keep_damaged(db_path: Path, folder: Path) -> Path:
    """Copy a database that no longer opens (with its WAL) aside, byte for byte; a copy that
    cannot be written is refused in one line and what was begun of it removed."""
    _make_folder(folder)
    name = backup_name(db_path, dt.datetime.now(dt.UTC), "damaged")
    target = free_name(folder, name).with_suffix(".db")
    copies = [(db_path, target)]
    for side in side_files(db_path):
        if side.exists():
            copies.append((side, Path(f"{target}{side.name[len(db_path.name) :]}")))
    made: list[Path] = []
    try:
        for source, copy in copies:
            made.append(copy)
            shutil.copyfile(source, copy)
    except OSError as error:
        for copy in made:
            copy.unlink(missing_ok=True)
        raise _cannot_keep(folder, error) from None
    return target


def _erasures(current: Database | None) -> list[OfficeErasure]:
    """The erasures recorded in the office as it is (none known when it no longer opens)."""
    if current is None:
        return []
    with current.sessions() as session:
        return office_erasures(session)


def _head(session: Session) -> tuple[int, str]:
    """The newest audit entry's id and hash: the chain's head."""
    newest = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).one()
    return newest.id, newest.hash


def _prepare(backup: Path, prepared: Path, key: str, db_path: Path) -> tuple[Database, str | None]:
    """Copy the backup to `prepared` (beside `db_path`) and bring it to this program's schema."""
    from db.migrate import current_revision, refuse_newer, upgrade
    from db.migrations import HEAD

    for leftover in (prepared, *side_files(prepared)):
        leftover.unlink(missing_ok=True)
    try:
        shutil.copyfile(backup, prepared)
    except OSError as error:
        if failed_path(error) not in (str(prepared), None):
            raise  # the backup could not be read: said of it
        # Written beside the database, on its disk: a full disk is the office's, not the
        # backup's, and the copy's hidden name is none the user knows.
        raise DatabaseError(
            "Cannot write the restored copy beside {path}: {reason}. Nothing was changed.",
            path=str(db_path),
            reason=os_reason(error),
        ) from None
    database = _open(prepared, key)
    revision = current_revision(database.engine)
    if revision != HEAD:
        try:
            if revision is None:
                raise DatabaseError("{path} is not a Casedesk database.", path=str(backup))
            refuse_newer(revision, str(backup))
        except DatabaseError:
            database.close()
            raise
        upgrade(database.engine, key=key)
    return database, revision


def restore(
    db_path: Path,
    backup_path: Path,
    key: str,
    *,
    yes: bool,
    login: Login,
    folder: Path | None = None,
    lock_held: bool = False,
    stage: Callable[[str], None] | None = None,
    backup_key: str | None = None,
    broken_trail: bool = False,
) -> RestoreResult:
    """Replace the database at `db_path` with the backup (admin), after backing it up first.

    `login(database)` names the acting user: it is asked of the current database when that still
    opens, else of the backup being restored. `yes` is the user's confirmation, required.
    `lock_held` says the caller (the window) already holds the one-window lock. `stage(name)`
    is told each step as it begins (STAGES), for a progress dialog; the last is "replace".
    `backup_key` opens a backup made under another recovery key than `key` (the office's, which
    the database as it was is kept with): the restored office opens with it from then on, and it
    replaces `key` in this computer's keychain (kept beside it before the swap, as a new recovery
    key is: a crash between the swap and the keychain's update loses no key). A backup whose
    audit trail does not verify is refused unless `broken_trail` (the admin was told, and
    confirmed: app/restore_checks.py); the restore's audit entry names the broken entry.
    """
    from app.backups import policy
    from db.migrate import current_revision

    if not yes:
        raise ValidationError(
            "Restoring replaces the database; confirm it (--yes) after checking the backup."
        )
    db_path = Path(db_path).expanduser().absolute()
    backup_path = Path(backup_path).expanduser().absolute()
    if backup_path == db_path:
        raise ValidationError("Choose a backup file, not the database itself.")
    said = stage or (lambda _name: None)
    opens = backup_key if backup_key is not None and backup_key != key else key
    said("check")
    found: Inspection = verify_backup(backup_path, opens)
    trail = backup_trail(backup_path, opens)
    if not broken_trail:
        refuse_broken_trail(backup_path, trail)
    lock = None if lock_held else DatabaseLock(db_path).acquire()
    prepared = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}.partial")
    current: Database | None = None
    restored: Database | None = None
    try:
        current = current_if_healthy(db_path, key)
        said("prepare")
        restored, old_revision = _prepare(backup_path, prepared, opens, db_path)
        actor = login(current if current is not None else restored)
        require(actor, Permission.MANAGE_BACKUPS)
        # The erasures made since the backup are read before the office as it was is closed, and
        # made again in the restored copy with the restore's own entry, before the swap.
        erasures = _erasures(current)
        source_for_policy = current if current is not None else restored
        with source_for_policy.sessions() as session:
            office = policy(session)
        target_folder = folder or office.folder
        if folder is None and office.chosen and (current is not None or db_path.exists()):
            _refuse_absent_drive(target_folder)
        said("keep")
        if current is not None:
            _make_folder(target_folder)
            previous = free_name(
                target_folder,
                backup_name(db_path, dt.datetime.now(dt.UTC), "before-restore"),
            )
            make_backup(current.engine, key, db_path, previous, kind="before-restore")
            checkpoint(current.engine)
            current.close()
            current = None
            damaged = False
        elif db_path.exists():
            previous, damaged = _keep_damaged(db_path, target_folder), True
        else:
            previous, damaged = None, False
        said("replace")
        anchored = workstation_anchor(db_path)
        with restored.session() as session:
            user = session.scalar(select(User).where(User.username == actor.username))
            entry = audit.record(
                session,
                user,
                "database.restore",
                "database",
                db_path.name,
                {
                    "by": actor.username,
                    "backup": str(backup_path),
                    "backup_made_at": found.manifest.created_at if found.manifest else None,
                    "backup_revision": old_revision,
                    "previous_kept_as": str(previous) if previous else None,
                    "previous_damaged": damaged,
                    # The workstation's anchor goes back to this entry, the restored chain's
                    # head: the entries after the one it held are left behind on purpose.
                    "anchor_was": anchored.entry_id if anchored is not None else None,
                }
                | ({"backup_trail_broken_at": trail.first_broken} if not trail.intact else {})
                # Never a key: only that the office's key is now the backup's own.
                | ({"recovery_key": "the backup's"} if opens != key else {}),
            )
            reerased = reapply(session, user, erasures)
            head = (entry.id, entry.hash) if not reerased else _head(session)
        revision = current_revision(restored.engine)
        checkpoint(restored.engine)
        restored.close()
        restored = None
        if opens != key:
            keep_pending(db_path, opens)
        try:
            replace_file(prepared, db_path)
        except BaseException:
            if opens != key and prepared.exists():  # not swapped in: the office keeps its key
                forget_pending(db_path)
            raise
        remember(db_path, head)
        kept = False
        if opens != key:
            kept = store_in_keychain(db_path, opens)
            forget_pending(db_path)
        return RestoreResult(
            backup_path,
            old_revision,
            revision,
            previous,
            damaged,
            key=opens if opens != key else None,
            key_kept=kept,
            reerased=reerased,
        )
    finally:
        for database in (current, restored):
            if database is not None:
                database.close()
        for leftover in (prepared, *side_files(prepared)):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:  # tidying up must not hide why the restore stopped, nor keep the lock
                pass
        if lock is not None:
            lock.release()
