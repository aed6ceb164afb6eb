"""What Backups ▸ Restore asks or waits for before it starts: the recovery key of a backup made
under another key than the office's (before the recovery key was replaced, or on another office),
as `casedesk db restore` asks it at a terminal; and the window's day's work (the queue rebuild,
the daily backup), which a restore waits for rather than swap the file under it; and the lines
that say what a backup holds and what restoring it does, above the confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from app.backups import office_time, schema_words
from app.erasure_restore import erased_again_words, erasures_unread_words
from app.errors import CasedeskError
from app.i18n import listed
from app.i18n import tr as _
from app.restore_checks import since_backup_words
from db.backup import Inspection, key_is_wrong, verify_backup
from db.keystore import parse_key
from db.store import Database

DAILY_JOBS = ("rebuild_job", "backup_job")  # ui/main_window.py's threads of the day's work


class Cancelled(Exception):
    """The admin cancelled the backup's recovery key: nothing is restored, nothing changed. Its
    text is why the office's key was not enough (SQLCipher's words for the backup)."""


def backup_key(parent: QWidget, database: Database, backup: Path) -> str | None:
    """None when the office's key opens `backup`; else its own key, asked with the recovery key
    prompt until one opens it (a wrong one is said, and asked again). Raises Cancelled."""
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    if not key_is_wrong(backup, database.key):
        return None
    problem, typed = "", ""
    while True:
        answer = RecoveryKeyDialog.ask(
            parent, str(database.path), problem, typed, backup=backup.name
        )
        if answer is None:
            raise Cancelled(_wrong_key_words(backup, database.key))
        typed = answer
        try:
            key = parse_key(answer)
        except CasedeskError as error:  # the dialog checked the form; said again all the same
            problem = error.translated()
            continue
        if not key_is_wrong(backup, key):
            return key
        problem = _(
            "This key does not open the backup either. Check it against the recovery key sheet "
            "that was in use when the backup was made."
        )


def _wrong_key_words(backup: Path, key: str) -> str:
    try:
        verify_backup(backup, key)
    except CasedeskError as error:
        return error.translated()
    return ""  # opened meanwhile: nothing to say but that nothing was changed


def daily_work(window: QWidget | None) -> QThread | None:
    """The window's day's work still running (the queue rebuild, the daily backup), if any."""
    for name in DAILY_JOBS:
        job = getattr(window, name, None)
        if isinstance(job, QThread) and job.isRunning():
            return job
    return None


def _counts_text(found: Inspection) -> str:
    names: tuple[tuple[str, str], ...] = (
        ("borrower", "Borrowers"),
        ("loan", "Loans"),
        ("case", "Cases"),
    )
    names += (("payment", "Payments"), ("user", "Users"), ("audit_entry", "Audit entries"))
    return listed([f"{_(label)} {found.counts[t]:,}" for t, label in names if t in found.counts])


def confirm_lines(
    path: Path, found: Inspection, zone: str, other_key: bool, erased_again: int | None = 0
) -> list[str]:
    """What the backup holds and what restoring it does, above the confirmation's buttons;
    `other_key`: it was made under another recovery key, which the office will open with;
    `erased_again`: how many borrowers erased since the backup was made it still holds (None:
    the current office cannot be read, so which is unknown, and none will be erased again)."""
    made = office_time(found.manifest.created, zone)[:16] if found.manifest else "?"
    lines = [
        _("Backup: {path}", path=str(path)),
        _("Made: {time}", time=made),
        _("Database version: {version}", version=schema_words(found.revision)),
        _("Holds: {counts}", counts=_counts_text(found)),
        "",
        _(
            "The current database is backed up first, then replaced by this backup. "
            "Casedesk then closes; start it again to work on the restored data."
        ),
        since_backup_words(made if found.manifest else None),
    ]
    if erased_again is None:
        lines.append(erasures_unread_words())
    elif erased_again:
        lines.append(erased_again_words(erased_again))
    if other_key:
        lines.append(
            _(
                "This backup was made under another recovery key: once it is restored, the "
                "office opens with that backup's recovery key, the one you typed, and this "
                "computer keeps it in its keychain. The recovery key sheet in use now no "
                "longer opens the office."
            )
        )
    return lines
