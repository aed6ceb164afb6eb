"""The import dialog's worker: one check or import off the GUI thread, in its own session."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.i18n import tr as _
from app.importer import ImportCancelled, ImportReport, import_file
from app.models import User
from db.store import Database
from ui.dialogs.worker import ActingWorker


class ImportWorker(ActingWorker):
    """Runs one import (or its dry run) in its own session; never touches a widget."""

    progress = Signal(str, int, int)  # succeeded: the ImportReport
    cancelled = Signal()
    stops = (ImportCancelled,)

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
        shared_reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user_id, parent)
        self.kind, self.path = kind, path
        self.schedule, self.dry_run, self.today = schedule, dry_run, today
        self.shared_reason = shared_reason
        self.write_lock = not dry_run
        self.stop = threading.Event()

    def work(self, session: Session, actor: User) -> ImportReport:
        return import_file(
            session,
            actor,
            self.kind,
            self.path,
            schedule=self.schedule,
            dry_run=self.dry_run,
            progress=self.progress.emit,
            cancel=self.stop.is_set,
            today=self.today,
            shared_reason=self.shared_reason,
        )

    def failure(self, error: str) -> str:
        return _("The import failed: {error}", error=error)

    def stopped(self) -> None:
        self.cancelled.emit()
