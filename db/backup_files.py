"""The backup folder: file names, listing, rotation (daily/weekly/monthly), location checks."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from db.backup import BACKUP_SUFFIX, Manifest, manifest_path, read_manifest

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


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime  # aware UTC
    manifest: Manifest | None

    @property
    def kind(self) -> str:
        return self.manifest.kind if self.manifest else "manual"


def backup_name(db_path: Path, when: dt.datetime, kind: str = "") -> str:
    """ "<db stem>-YYYYmmdd-HHMMSS[-kind].bak" in UTC, so names sort by time."""
    stamp = when.astimezone(dt.UTC).strftime(_STAMP)
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


def list_backups(folder: Path, db_path: Path | None = None) -> list[BackupFile]:
    """Backups in `folder` (of `db_path` only, when given), newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[BackupFile] = []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        match = _NAME.match(path.name)
        if match is None:
            continue
        if db_path is not None and match["stem"] != Path(db_path).stem:
            continue
        manifest = read_manifest(path)
        if manifest is not None:
            created = manifest.created
        else:
            created = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
        found.append(BackupFile(path, created, manifest))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def to_keep(
    backups: list[BackupFile], daily: int, weekly: int, monthly: int, tz: dt.tzinfo = dt.UTC
) -> set[Path]:
    """The newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly`
    months that have one (restic's keep-daily/weekly/monthly); the newest is always kept."""
    ordered = sorted(backups, key=lambda b: b.created, reverse=True)
    keep: set[Path] = {ordered[0].path} if ordered else set()
    periods = (
        (daily, lambda d: d.isoformat()),
        (weekly, lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2])),
        (monthly, lambda d: f"{d.year}-{d.month:02d}"),
    )
    for limit, bucket in periods:
        seen: list[str] = []
        for backup in ordered:
            if len(seen) >= limit:
                break
            key = bucket(backup.created.astimezone(tz).date())
            if key not in seen:
                seen.append(key)
                keep.add(backup.path)
    return keep


def rotate(
    folder: Path,
    db_path: Path,
    daily: int,
    weekly: int,
    monthly: int,
    tz: dt.tzinfo = dt.UTC,
) -> list[Path]:
    """Delete the backups of `db_path` in `folder` that the policy does not keep; returns them."""
    backups = list_backups(folder, db_path)
    keep = to_keep(backups, daily, weekly, monthly, tz)
    removed: list[Path] = []
    for backup in backups:
        if backup.path in keep:
            continue
        backup.path.unlink(missing_ok=True)
        manifest_path(backup.path).unlink(missing_ok=True)
        removed.append(backup.path)
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
