"""The Backups dialog's list: one row per backup (made, file, kind, database version, counts,
size), and the line shown instead of an empty list."""

from __future__ import annotations

from collections.abc import Sequence

from app.backups import office_time, schema_words
from app.i18n import Words
from app.i18n import tr as _
from app.labels import BACKUP_KIND
from db.backup_files import BackupFile
from db.backup_owner import OWN

BACK_UP_NOW = "Back up now"  # the dialog's button, named by the empty list's line


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _kind(backup: BackupFile) -> str:
    """The backup's kind, and that it may be another office's (so never rotated out)."""
    kind = _(BACKUP_KIND.get(backup.kind, backup.kind))
    if backup.standing == OWN:
        return kind
    return _("{kind} (may be another office's: never rotated out)", kind=kind)


def backup_rows(found: Sequence[BackupFile], zone: str) -> list[list[str]]:
    """The list's cells, times in the office's time zone `zone`."""
    rows = []
    for b in found:
        counts = b.manifest.counts if b.manifest else {}
        rows.append(
            [
                office_time(b.created, zone)[:16],
                b.path.name,
                _kind(b),
                schema_words(b.manifest.revision) if b.manifest else "",
                str(counts.get("borrower", "")),
                str(counts.get("loan", "")),
                str(counts.get("case", "")),
                _size(b.path.stat().st_size) if b.path.exists() else "",
            ]
        )
    return rows


def no_backups_words() -> str:
    """Said instead of an empty list: none yet in the folder above it, and how to make one."""
    return _(
        "No backups in this folder yet. Press {button} to make one.", button=Words(BACK_UP_NOW)
    )
