"""Backups as use cases: back up now, on schedule, verify the live database, choose the folder.

The file work (copy, verify, manifest, rotation) is in db/backup.py and db/backup_files.py; this
module adds the office's settings, permissions, warnings and the audit entries. Restoring is in
app/restore.py.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import audit, settings
from app.audit_anchor import TrailCheck
from app.auth import Permission, require
from app.errors import BackupFolderUnreachable, ValidationError, os_reason
from app.i18n import listed, tr
from app.labels import BACKUP_TABLE, label
from app.models import User
from app.paths import data_dir, make_folder, refuse_windows_name, typed_path
from db.backup import (  # noqa: F401 -- stored_timezone: the CLI's restore reads it here
    Inspection,
    Manifest,
    inspect_file,
    make_backup,
    stored_timezone,
)
from db.backup_files import (
    BackupFile,
    backup_name,
    cloud_service,
    free_name,
    list_backups,
    rotate,
    same_device,
)
from db.backup_owner import OWN, owner_of
from db.leftovers import drop_stale_backup_partials
from db.store import Database

SCHEDULES = ("daily", "off")


@dataclass(frozen=True)
class Notice:
    """A warning for the user: an English msgid and its parameters, translated when shown."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def translated(self, lang: str | None = None) -> str:
        return tr(self.msgid, lang=lang, **self.params)


@dataclass(frozen=True)
class Policy:
    folder: Path
    schedule: str
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    timezone: str
    chosen: bool = False  # the office chose the folder (else the default beside the data)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    removed: list[Path]
    warnings: list[Notice]


def schema_words(revision: str | None) -> str:
    """A backup's database version for people: its migration's number, and how it stands to
    this Casedesk's ("9", "8 (older: upgraded when restored)", "10 (newer than this Casedesk)")."""
    from db.migrate import head_revision, known_revisions

    if not revision:
        return "?"
    number = _revision_number(revision)
    if number is None:
        return revision
    if revision not in known_revisions():
        return tr("{number} (newer than this Casedesk)", number=number)
    if revision != head_revision():
        return tr("{number} (older: upgraded when restored)", number=number)
    return str(number)


def counts_words(counts: dict[str, int], lang: str | None = None) -> str:
    """What a backup holds, in the reader's words: "Borrowers 2,919, Loans 3,000, …"
    (借款人 2,919、贷款 3,000、…); the tables a person recognises, not every table."""
    return listed(
        [f"{label(BACKUP_TABLE, t, lang)} {counts[t]:,}" for t in BACKUP_TABLE if t in counts],
        lang,
    )


def office_time(when: dt.datetime, zone: str) -> str:
    """A stored time (UTC) as the office reads it, in its time zone: "2026-12-03 05:52:10"."""
    when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when
    return when.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def schema_number(revision: str) -> str:
    """A database version as people read it: 0018_flagged_visit_bookings → "18" (the number
    `db backups` shows); a revision not numbered so reads as written."""
    number = _revision_number(revision)
    return revision if number is None else str(number)


def _revision_number(revision: str) -> int | None:
    """0009_allocation_late → 9 (revisions are numbered in order)."""
    head = revision.split("_", 1)[0]
    return int(head) if head.isdigit() else None


def default_folder() -> Path:
    return data_dir() / "backups"


def policy(session: Session) -> Policy:
    """The office's backup settings (folder, schedule, rotation) and its time zone."""
    from app.office import office_timezone

    folder = settings.get(session, "backup.folder")
    return Policy(
        folder=Path(folder).expanduser() if folder else default_folder(),
        schedule=str(settings.get(session, "backup.schedule")),
        keep_daily=int(settings.get(session, "backup.keep_daily")),
        keep_weekly=int(settings.get(session, "backup.keep_weekly")),
        keep_monthly=int(settings.get(session, "backup.keep_monthly")),
        timezone=office_timezone(session),
        chosen=bool(folder),
    )


def location_warnings(db_path: Path, folder: Path, *, chosen: bool = False) -> list[Notice]:
    """What is risky about where the database and its backups are kept (`chosen`: the office
    chose the folder, which is then not made on another disk when its drive is out)."""
    notices: list[Notice] = []
    if chosen and absent_parent(folder) is not None:
        notices.append(
            Notice(
                "The backup folder {folder} is not there, nor the folder it would be made in (is "
                "the drive plugged in?): no backup is made until it is, or another is chosen.",
                {"folder": str(folder)},
            )
        )
    elif same_device(db_path, folder):
        notices.append(
            Notice(
                "The backup folder {folder} is on the same disk as the database: a backup that "
                "dies with the disk is no backup. Choose a folder on another disk or a USB drive.",
                {"folder": str(folder)},
            )
        )
    service = cloud_service(db_path)
    if service is not None:
        notices.append(
            Notice(
                "The database sits in a cloud-synced folder ({folder}); sync clients can corrupt "
                "or fork a live database. Keep it in a local folder and back up to the cloud.",
                {"folder": service},
            )
        )
    return notices


def _record(database: Database, actor: User | None, action: str, changes: dict[str, Any]) -> None:
    with database.session(write_lock=True) as session:
        user = session.get(User, actor.id) if actor is not None else None
        audit.record(session, user, action, "database", database.path.name, changes)


def absent_parent(folder: Path) -> Path | None:
    """The folder `folder` would be made in, when that is not there either (a drive not plugged
    in); None when `folder` is there or can be made as the last level inside one that is.

    A chosen backup folder is never made with its missing parents: /Volumes/USB-BACKUP/casedesk
    would be made on the system disk, and the backups land there, not on the drive."""
    if folder.exists() or folder.parent.exists():
        return None
    return folder.parent


def check_folder(text: str) -> Path | None:
    """The backup folder typed (a full path), or None for the default; refused in one line when
    it is not a folder or its drive is not there."""
    text = typed_path(text)
    chosen = Path(text).expanduser() if text else None
    if chosen is None:
        return None
    if not chosen.is_absolute():
        raise ValidationError("Give the backup folder as a full path: {path}", path=text)
    if chosen.exists() and not chosen.is_dir():
        raise ValidationError("{path} is a file, not a folder.", path=str(chosen))
    parent = absent_parent(chosen)
    if parent is not None:
        raise ValidationError(
            "The folder {folder} is not there (is the drive plugged in?). Choose a backup folder "
            "that is there, or one to be made inside a folder that is.",
            folder=str(parent),
        )
    return chosen


def _make_folder(folder: Path, *, chosen: bool) -> None:
    """The backup folder, made when missing (the first backup); refused in one line when it
    cannot be (a file in the way, a disk that is not there). A `chosen` folder is made only as
    the last level inside a folder that is there."""
    if folder.exists() and not folder.is_dir():
        raise ValidationError("{path} is a file, not a folder.", path=str(folder))
    parent = absent_parent(folder) if chosen else None
    if parent is not None:
        raise ValidationError(
            "Cannot write the backup to {path}: the folder {folder} is not there (is the drive "
            "plugged in?). Nothing was written.",
            path=str(folder),
            folder=str(parent),
        )
    try:
        make_folder(folder)  # a chosen one only as the last level: its parent is there (above)
    except OSError as exc:
        raise ValidationError(
            "Cannot write the backup to {path}: {reason}.",
            path=str(folder),
            reason=os_reason(exc),
        ) from None


def back_up(
    database: Database,
    actor: User | None,
    target: Path | None = None,
    as_folder: bool = False,
    *,
    kind: str = "manual",
) -> BackupResult:
    """Make a verified backup (admin; `actor` None only for the scheduled backup) and rotate.

    `target` may be a folder or a file name (`as_folder`: a folder, made as its last level when
    missing, as a chosen backup folder is); by default the office's backup folder. Only backups
    in the office's folder are rotated. Audited in the database that was backed up.
    """
    if actor is not None:
        require(actor, Permission.MANAGE_BACKUPS)
    with database.sessions() as session:
        office = policy(session)
    now = dt.datetime.now(dt.UTC)
    if target is None or as_folder or Path(target).is_dir():
        folder = Path(target).expanduser().absolute() if target is not None else office.folder
        _make_folder(folder, chosen=as_folder or (target is None and office.chosen))
        path = free_name(folder, backup_name(database.path, now, kind))
    else:
        path = Path(target).expanduser().absolute()
        refuse_windows_name(path)
        if path.exists():
            raise ValidationError(
                "A file is already at {path}; not overwriting it.", path=str(path)
            )
        if path.resolve() == database.path.resolve():
            raise ValidationError("A backup cannot replace the database itself.")
        if not path.parent.is_dir():  # a drive not plugged in: not made on another disk
            raise ValidationError(
                "Cannot write the backup to {path}: there is no folder {folder}.",
                path=str(path),
                folder=str(path.parent),
            )
    manifest = make_backup(database.engine, database.key, database.path, path, kind=kind)
    removed: list[Path] = []
    if path.parent.resolve() != office.folder.resolve():  # a killed backup's copy, by name
        drop_stale_backup_partials(path.parent)
    else:
        removed = rotate(
            office.folder,
            owner_of(database.path, database.key),
            office.keep_daily,
            office.keep_weekly,
            office.keep_monthly,
            zoneinfo.ZoneInfo(office.timezone),
            now,
        )
    _record(
        database,
        actor,
        "database.backup",
        {
            "file": str(path),
            "kind": kind,
            "revision": manifest.revision,
            "rows": sum(manifest.counts.values()),
            "rotated_out": [p.name for p in removed],
        },
    )
    return BackupResult(path, manifest, removed, location_warnings(database.path, path.parent))


def backup_if_due(database: Database, now: dt.datetime | None = None) -> BackupResult | None:
    """The scheduled backup: make one when the schedule is daily and none exists for today
    (office time). Called at start and on close; returns None when nothing was due, or while
    this computer's clock is behind the office's last recorded work (app/clock_behind.py)."""
    if database.url is not None:  # a server database is backed up on the server (pg_dump)
        return None
    from app.clock_behind import clock_behind

    with database.sessions() as session:
        office = policy(session)
        behind = clock_behind(session, now)
    if office.schedule != "daily" or behind is not None:
        return None  # a clock set back would make a "daily backup" for a day already past
    tz = zoneinfo.ZoneInfo(office.timezone)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(tz).date()
    for backup in list_backups(office.folder, owner_of(database.path, database.key)):
        if backup.standing == OWN and backup.created.astimezone(tz).date() == today:
            return None
    return back_up(database, None, kind="scheduled")


def backups(database: Database, actor: User) -> list[BackupFile]:
    """The database's backups in the office's folder, newest first (admin: the list names where
    the office keeps its backups and what each holds); another office's are left out, those
    that may be another's are marked UNSURE (db/backup_owner.py)."""
    require(actor, Permission.MANAGE_BACKUPS)
    with database.sessions() as session:
        office = policy(session)
    refuse_unreachable(office.folder, office.chosen)
    return list_backups(office.folder, owner_of(database.path, database.key))


def refuse_unreachable(folder: Path, chosen: bool) -> None:
    """The office's chosen backup folder gone with the folder it would be made in (a drive out,
    a folder removed): said, rather than listed as having no backups."""
    missing = absent_parent(folder) if chosen else None
    if missing is not None:
        raise BackupFolderUnreachable(
            "The backup folder {folder} cannot be reached: the folder {missing} is not there (is "
            "the drive plugged in?). Plug the drive in, or choose another backup folder.",
            folder=str(folder),
            missing=str(missing),
        )


def configure(
    session: Session,
    actor: User,
    *,
    folder: str | None = None,
    schedule: str | None = None,
) -> None:
    """Change the backup folder (an empty string means the default) or schedule (admin). A
    value as it was is left alone: the Backups dialog's Save sends both, and each had been
    audited as "Daily → Daily"."""
    require(actor, Permission.MANAGE_BACKUPS)
    if schedule is not None:
        if schedule not in SCHEDULES:
            raise ValidationError(
                "Unknown schedule {value}; choose one of: {choices}.",
                value=schedule,
                choices=list(SCHEDULES),
            )
        if schedule != settings.get(session, "backup.schedule"):
            settings.put(session, actor, "backup.schedule", schedule)
    if folder is not None:
        chosen = check_folder(folder)
        value = str(chosen) if chosen else None
        if value != settings.get(session, "backup.folder"):
            settings.put(session, actor, "backup.folder", value)


@dataclass(frozen=True)
class HealthCheck:
    """`db verify`: SQLite's integrity check and the audit chain, checked against its anchors."""

    integrity: str
    audit_checked: int
    audit_first_broken: int | None
    trail: TrailCheck | None = None

    @property
    def ok(self) -> bool:
        trail_ok = self.trail is None or self.trail.ok
        return self.integrity == "ok" and self.audit_first_broken is None and trail_ok


def verify_database(database: Database, actor: User) -> HealthCheck:
    """Run integrity_check on the live file and recompute the audit chain (supervisor, admin)."""
    from app.audit_anchor import verify_trail

    require(actor, Permission.VIEW_AUDIT)
    found: Inspection = inspect_file(database.path, database.key)
    with database.sessions() as session:
        trail = verify_trail(session, database.path)
    return HealthCheck(found.integrity, trail.chain.checked, trail.chain.first_broken, trail)
