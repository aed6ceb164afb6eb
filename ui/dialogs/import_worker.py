"""The import dialog's worker: one check or import off the GUI thread, in its own session."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from app.errors import CasedeskError
from app.i18n import tr as _
from app.importer import ImportCancelled, import_file
from app.models import User
from db.store import Database


class ImportWorker(QThread):
    """Runs one import (or its dry run) in its own session; never touches a widget."""

    progress = Signal(str, int, int)
    succeeded = Signal(object)  # ImportReport
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        database: Database,
        user_id: int,
        kind: str,
        path: Path,
        *,
        schedule: Path | None,
        dry_run: bool,
        today: dt.date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user_id, self.kind, self.path = database, user_id, kind, path
        self.schedule, self.dry_run, self.today = schedule, dry_run, today
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            with self.database.session(write_lock=not self.dry_run) as session:
                actor = session.get(User, self.user_id)
                assert actor is not None
                report = import_file(
                    session,
                    actor,
                    self.kind,
                    self.path,
                    schedule=self.schedule,
                    dry_run=self.dry_run,
                    progress=self.progress.emit,
                    cancel=self.stop.is_set,
                    today=self.today,
                )
        except ImportCancelled:
            self.cancelled.emit()
            return
        except CasedeskError as error:
            self.failed.emit(error.translated())
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("The import failed: {error}", error=str(error)))
            return
        self.succeeded.emit(report)
