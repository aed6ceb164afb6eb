"""The backup made off the GUI thread for the Backups dialog: the copy and its check can take
seconds; a failure comes back as one line in the reader's words."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from app.backups import back_up
from app.errors import CasedeskError, os_reason
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.crash import told


class BackupWorker(QThread):
    """Makes one backup off the GUI thread (the copy and its check can take seconds)."""

    succeeded = Signal(object)  # BackupResult
    failed = Signal(str)

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user

    def run(self) -> None:
        try:
            result = back_up(self.database, self.user)
        except CasedeskError as error:
            self.failed.emit(error.translated())
            return
        except OSError as error:  # in the reader's words, not the system's English
            where = error.filename or error.filename2 or ""
            self.failed.emit(
                _(
                    "Cannot write the backup to {path}: {reason}.",
                    path=str(where),
                    reason=os_reason(error),
                )
            )
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("The backup failed: {error}", error=told(error)))
            return
        self.succeeded.emit(result)
