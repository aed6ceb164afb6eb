"""The hidden, half-made copies of an office that a Casedesk killed on the way (kill -9, a power
cut, a forced close: its clean-up never ran) left beside the database, removed when it is next
opened or built. Each is named by the process that made it; a running process's is let be."""

from __future__ import annotations

import re
from pathlib import Path

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _pattern(name: str) -> re.Pattern[str]:
    """`.NAME.PID.partial` (a new office, app/setup.py), `.NAME.restore-PID.partial`
    (app/restore.py), `.NAME.rekey-PID.partial` (app/recovery_key.py) and the copy before an
    upgrade, `.NAME.before-REV-WHEN.bak.PID.partial` (db/migrate.py), with their side files."""
    return re.compile(
        rf"^\.{re.escape(name)}\.(?:restore-|rekey-|before-[^/\\]+\.bak\.)?(\d+)\.partial"
        r"(?:-wal|-shm|-journal)?$"
    )


def drop_stale_partials(path: Path) -> list[Path]:
    """Remove the leftovers of `path` whose process no longer runs; the files removed."""
    return _drop_stale(path.parent, _pattern(path.name))


_BACKUP_PARTIAL = re.compile(r"^\..+\.bak\.(\d+)\.partial(?:-wal|-shm|-journal)?$")


def drop_stale_backup_partials(folder: Path) -> list[Path]:
    """Remove, in a folder a backup was written to by name (outside the backup folder, whose
    rotation does this), the hidden half-made backups of processes no longer running
    (db/backup.py `partial_backup`: `.NAME.bak.PID.partial`); the files removed."""
    return _drop_stale(folder, _BACKUP_PARTIAL)


def _drop_stale(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove the files in `folder` that `pattern` matches (its group 1: the process that made
    them) whose process no longer runs; the files removed."""
    from app.preview_files import running

    try:
        found = [(p, pattern.match(p.name)) for p in folder.iterdir()]
    except OSError:
        return []
    removed: list[Path] = []
    for leftover, match in found:
        if match is None or running(int(match[1])):
            continue
        try:
            leftover.unlink(missing_ok=True)
        except OSError:  # Windows: open in another program; tried again next time
            continue
        removed.append(leftover)
    return removed
