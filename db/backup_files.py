"""The backup folder: file names, listing, rotation (daily/weekly/monthly), location checks."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from db.backup import BACKUP_SUFFIX, PARTIAL_SUFFIX, Manifest, manifest_path, read_manifest
from db.backup_owner import OTHER, OWN, UNSURE, Owner, same_file, standing

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-(?P<kind>[a-z-]+))?\.bak$"
)

# Path parts that mark a folder kept in sync by a cloud service (SQLite files and sync clients
# fight: half-synced WAL files, conflicted copies).
CLOUD_MARKERS = (
    "onedrive",
    "dropbox",
    "icloud drive",
    "icloud~",
    "mobile documents",
    "com~apple~clouddocs",
    "google drive",
    "googledrive",
    "my drive",
    "cloudstorage",
    "box sync",
    "pcloud",
    "坚果云",
    "百度网盘",
)


# Copies made by Casedesk itself before it replaced or upgraded the database: the way back from a
# restore or an upgrade that went wrong, kept apart from the daily/weekly/monthly count.
SAFETY_KINDS = frozenset({"before-restore", "before-upgrade"})


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime  # aware UTC
    manifest: Manifest | None
    # OWN, or UNSURE: it may be another office's (db/backup_owner.py), so it is listed but
    # never rotated out. None: listed without asking whose it is (the whole folder).
    standing: str | None = OWN
    owner_path: str = ""  # the office's file, as the list was asked for

    @property
    def moved_from(self) -> str | None:
        """The file it was made from, when that is not the office's (UNSURE: made before the
        office was moved, or from a copy of it)."""
        made = self.manifest
        if self.standing != UNSURE or made is None or not made.source:
            return None
        return None if same_file(made.source, Path(self.owner_path)) else made.source

    @property
    def kind(self) -> str:
        """manual, scheduled, before-restore or before-upgrade (without a manifest: the name's)."""
        if self.manifest is not None:
            return self.manifest.kind
        match = _NAME.match(self.path.name)
        return match["kind"] if match and match["kind"] else "manual"


def backup_stamp(when: dt.datetime) -> str:
    """ "YYYYmmdd-HHMMSS" in UTC: the time in a backup's name (and the pre-upgrade copy's), the
    same on every computer whatever its time zone, so names sort by time."""
    return when.astimezone(dt.UTC).strftime(_STAMP)


def backup_name(db_path: Path, when: dt.datetime, kind: str = "") -> str:
    """ "<db stem>-YYYYmmdd-HHMMSS[-kind].bak" in UTC, so names sort by time."""
    stamp = backup_stamp(when)
    suffix = f"-{kind}" if kind and kind not in ("manual", "scheduled") else ""
    return f"{Path(db_path).stem}-{stamp}{suffix}{BACKUP_SUFFIX}"


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or with -2, -3 … before the kind when a backup this second already exists."""
    candidate = folder / name
    n = 2
    while candidate.exists() or manifest_path(candidate).exists():
        base = name[: -len(BACKUP_SUFFIX)]
        match = _NAME.match(name)
        if match and match["kind"]:
            head = f"{match['stem']}-{match['stamp']}-{n}-{match['kind']}"
        else:
            head = f"{base}-{n}"
        candidate = folder / f"{head}{BACKUP_SUFFIX}"
        n += 1
    return candidate


def list_backups(folder: Path, owner: Path | Owner | None = None) -> list[BackupFile]:
    """Backups in `folder`, newest first: of `owner` only, when given (a database file, or the
    office at it with its chain and set-up time), OWN or UNSURE; another office's are left out
    even when their names are alike (db/backup_owner.py)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    if isinstance(owner, Path | str):
        owner = Owner(Path(owner))
    found: list[BackupFile] = []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        match = _NAME.match(path.name)
        if match is None:
            continue
        manifest = read_manifest(path)
        place: str | None = None
        if owner is not None:
            if manifest is None and match["stem"] != owner.path.stem:
                continue  # without a manifest only the name tells
            place = standing(manifest, owner)
            if place == OTHER:
                continue
        if manifest is not None:
            created = manifest.created
        else:
            created = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
        where = str(os.path.abspath(owner.path)) if owner is not None else ""
        found.append(BackupFile(path, created, manifest, place, where))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def to_keep(
    backups: list[BackupFile],
    daily: int,
    weekly: int,
    monthly: int,
    tz: dt.tzinfo = dt.UTC,
    now: dt.datetime | None = None,
) -> set[Path]:
    """The backups the rotation keeps; days, weeks and months are the office's (`tz`).

    - Every backup made today, whatever its kind: a backup made by hand is never gone the day
      it was made, however many were made that day.
    - Of the daily and by-hand backups, the newest of each of the last `daily` days, `weekly`
      ISO weeks and `monthly` months that have one (restic's keep-daily/weekly/monthly).
    - Every copy made before a restore or an upgrade (SAFETY_KINDS), for `monthly` months (at
      least one) after the day it was made; these neither take nor free a day's place above.
    - The newest backup of all.
    """
    today = (now or dt.datetime.now(dt.UTC)).astimezone(tz).date()
    ordered = sorted(backups, key=lambda b: b.created, reverse=True)
    keep: set[Path] = {ordered[0].path} if ordered else set()

    def day(backup: BackupFile) -> dt.date:
        return backup.created.astimezone(tz).date()

    keep.update(b.path for b in ordered if day(b) >= today)
    safety_since = _months_before(today, max(monthly, 1))
    keep.update(b.path for b in ordered if b.kind in SAFETY_KINDS and day(b) > safety_since)
    regular = [b for b in ordered if b.kind not in SAFETY_KINDS]
    periods = (
        (daily, lambda d: d.isoformat()),
        (weekly, lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2])),
        (monthly, lambda d: f"{d.year}-{d.month:02d}"),
    )
    for limit, bucket in periods:
        seen: list[str] = []
        for backup in regular:
            if len(seen) >= limit:
                break
            key = bucket(day(backup))
            if key not in seen:
                seen.append(key)
                keep.add(backup.path)
    return keep


def rotate(
    folder: Path,
    db_path: Path | Owner,
    daily: int,
    weekly: int,
    monthly: int,
    tz: dt.tzinfo = dt.UTC,
    now: dt.datetime | None = None,
) -> list[Path]:
    """Delete the backups of `db_path` in `folder` that `to_keep` does not keep; returns them.
    Only backups surely this office's (OWN) are counted and deleted: one that may be another
    office's is never deleted by this one's rotation."""
    owner = db_path if isinstance(db_path, Owner) else Owner(Path(db_path))
    drop_stale_partials(folder, owner.path)
    backups = [b for b in list_backups(folder, owner) if b.standing == OWN]
    keep = to_keep(backups, daily, weekly, monthly, tz, now)
    removed: list[Path] = []
    for backup in backups:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink(missing_ok=True)
        except OSError:  # Windows: open in another program; kept, with its manifest, till next time
            continue
        try:
            manifest_path(backup.path).unlink(missing_ok=True)
        except OSError:
            pass  # a manifest without its backup is not listed as a backup
        removed.append(backup.path)
    return removed


_PARTIAL = re.compile(rf"^\.(?P<name>.+\{BACKUP_SUFFIX})\.(?P<pid>\d+)\{PARTIAL_SUFFIX}$")


def drop_stale_partials(folder: Path, db_path: Path) -> list[Path]:
    """Remove the half-made copies of `db_path`'s backups that a Casedesk killed while backing up
    left in `folder` (db/backup.py `partial_backup`); a running process's copy is let be."""
    from app.preview_files import running

    removed: list[Path] = []
    for path in Path(folder).glob(f".*{PARTIAL_SUFFIX}"):
        match = _PARTIAL.match(path.name)
        named = _NAME.match(match["name"]) if match else None
        if match is None or named is None or named["stem"] != Path(db_path).stem:
            continue
        if running(int(match["pid"])):
            continue
        for leftover in (path, Path(f"{path}-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                continue
        removed.append(path)
    return removed


# --- where things are -------------------------------------------------------------------------


def _existing_parent(path: Path) -> Path:
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def same_device(a: Path, b: Path) -> bool:
    """True when both paths (or their nearest existing parents) sit on one disk/volume."""
    return os.stat(_existing_parent(a)).st_dev == os.stat(_existing_parent(b)).st_dev


def cloud_service(path: Path) -> str | None:
    """The part of `path` that names a cloud-synced folder (OneDrive, Dropbox, iCloud …), if any."""
    for part in Path(path).absolute().parts:
        lowered = part.lower()
        for marker in CLOUD_MARKERS:
            if marker in lowered:
                return part
    return None
