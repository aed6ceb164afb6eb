"""The day's work around the window: the queue brought up to date and the daily backup, each
off the GUI thread once the window shows (on a big office they take from seconds to minutes);
the window says in its status bar how they went, and waits for them before it closes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from app.backups import BackupResult
from app.errors import CasedeskError, DamagedDatabase
from app.i18n import tr as _
from db.sqlcipher import failure
from db.store import Database
from ui.crash import told


class DailyJob(QThread):
    """Runs `work(database)` in this thread; `finished_with(result, error text)` tells how."""

    finished_with = Signal(object, str)  # the work's result (None: nothing was due), error text

    def __init__(
        self, work: Callable[[Database], object], database: Database, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.work = work
        self.database = database

    def run(self) -> None:
        try:
            self.finished_with.emit(self.work(self.database), "")
        except CasedeskError as error:
            self.finished_with.emit(None, said(error))
        except Exception as error:  # shown, never swallowed: the day's work must not fail silently
            found = (
                None if self.database.url is not None else failure(error, str(self.database.path))
            )
            self.finished_with.emit(None, told(error) if found is None else said(found))


def said(error: CasedeskError) -> str:
    """A Casedesk error in its own words; a damaged office also says where the window restores
    it (the core's words name the CLI's command)."""
    text = error.translated()
    if isinstance(error, DamagedDatabase):
        text += "\n\n" + _(
            "In this window, an administrator restores it from Backups… (choose the latest "
            "backup, then Restore…)."
        )
    return text


def backup_job(database: Database, parent: QWidget | None) -> DailyJob:
    """The daily backup, if none today (app/backups.py)."""
    from app.backups import backup_if_due

    return DailyJob(backup_if_due, database, parent)


def rebuild_job(database: Database, parent: QWidget | None) -> DailyJob:
    """The day's first queue rebuild, if the queue is not current (app/cases/daily.py)."""
    from app.cases.daily import rebuild_if_due

    return DailyJob(rebuild_if_due, database, parent)


def scheduled_backup(database: Database, parent: QWidget | None = None) -> BackupResult | None:
    """The daily backup if none today, on this thread (at close); a failure is shown, never
    stops the app."""
    from app.backups import backup_if_due
    from ui import std_buttons

    try:
        return backup_if_due(database)
    except (CasedeskError, OSError) as error:
        text = error.translated() if isinstance(error, CasedeskError) else str(error)
        std_buttons.warning(parent, _("Backups"), _("The daily backup failed: {error}", error=text))
        return None
