"""A restore run off the GUI thread for the Backups dialog, as a backup is (backup_worker.py): the
check, the upgrade of an older backup, the copy of the database as it was and the swap take
seconds on a big office. A modal progress dialog without Cancel says each step meanwhile; the
window takes no other write until the restore has ended, and a failure comes back as one line
(the core leaves the database as it was)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy import select

from app.errors import CasedeskError, failed_path, os_reason
from app.i18n import tr as _
from app.models import User
from app.restore import STAGES, restore
from db.store import Database
from ui.crash import told

STAGE_TEXT = {
    "check": "Checking the backup…",
    "prepare": "Preparing the backup (an older one is upgraded)…",
    "keep": "Backing up the current database first…",
    "replace": "Replacing the database…",
}


class RestoreWorker(QThread):
    """Restores one backup over the window's database; never touches a widget. The caller closes
    the database's connections first (the file is about to be replaced)."""

    stage = Signal(str)  # a name of app.restore.STAGES
    succeeded = Signal(object)  # RestoreResult
    failed = Signal(str)

    def __init__(
        self,
        database: Database,
        username: str,
        backup: Path,
        parent: QWidget | None = None,
        backup_key: str | None = None,
        broken_trail: bool = False,
    ) -> None:
        super().__init__(parent)
        self.broken_trail = broken_trail  # the admin was told its audit trail does not verify
        self.database = database
        self.username = username
        self.backup = backup
        self.backup_key = backup_key  # the backup's own, when made under another recovery key

    def _same_user(self, database: Database) -> User:
        # Already logged in to this window: the same account, as the database knows it.
        with database.sessions() as session:
            found = session.scalar(select(User).where(User.username == self.username))
        if found is None:
            raise CasedeskError("The backup has no account {user}.", user=self.username)
        return found

    def run(self) -> None:
        try:
            result = restore(
                self.database.path,
                self.backup,
                self.database.key,
                yes=True,
                login=self._same_user,
                lock_held=True,  # the window holds the one-window lock
                stage=self.stage.emit,
                backup_key=self.backup_key,
                broken_trail=self.broken_trail,
            )
        except CasedeskError as error:  # nothing was changed: the database is as it was
            self.failed.emit(error.translated())
            return
        except OSError as error:  # said in the reader's words, never a traceback
            where = failed_path(error) or self.database.path
            self.failed.emit(
                _(
                    "The restore failed at {path}: {reason}.",
                    path=str(where),
                    reason=os_reason(error),
                )
            )
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("The restore failed: {error}", error=told(error)))
            return
        self.succeeded.emit(result)


class RestoreProgress(QProgressDialog):
    """Modal over the whole application and without Cancel: once begun, the restore ends on its
    own (a swap half done cannot be stopped), and nothing else writes meanwhile."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(_(STAGE_TEXT["check"]), "", 0, len(STAGES), parent)
        self.setObjectName("restore_progress")
        self.setWindowTitle(_("Restore"))
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(420)
        self.setValue(0)

    @Slot(str)
    def on_stage(self, name: str) -> None:
        self.setValue(STAGES.index(name) if name in STAGES else 0)
        self.setLabelText(_(STAGE_TEXT.get(name, name)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Esc and the title bar's close do not stop a restore: only its end closes this.
        if self.property("done"):
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:
        if self.property("done"):
            super().reject()

    @Slot()
    def finish(self) -> None:
        self.setProperty("done", True)
        self.close()
        self.deleteLater()


def start_restore(
    parent: QWidget,
    database: Database,
    user: User,
    backup: Path,
    backup_key: str | None = None,
    broken_trail: bool = False,
) -> RestoreWorker:
    """Close the database's connections, then restore `backup` with a progress dialog;
    `backup_key` opens a backup made under another recovery key (the office's from then on)."""
    progress = RestoreProgress(parent)
    worker = RestoreWorker(database, user.username, backup, parent, backup_key, broken_trail)
    worker.stage.connect(progress.on_stage)
    worker.finished.connect(progress.finish)
    worker.progress_dialog = progress  # type: ignore[attr-defined]
    database.close()  # let go of the file's connections before it is replaced
    progress.show()
    worker.start()
    return worker
