"""The queue rebuild off the GUI thread: its own session, progress through a signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from app.cases.rebuild import RebuildSummary, rebuild_queue
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.worker import ActingWorker

STAGES = {
    "positions": "Computing days past due…",
    "lifecycle": "Opening and closing cases…",
    "facts": "Gathering contacts, promises and visits…",
    "scores": "Scoring cases…",
    "done": "Done",
}


class RebuildWorker(ActingWorker):
    """Runs rebuild_queue in its own session; never touches a widget."""

    progress = Signal(str, int, int)  # succeeded: the RebuildSummary
    # As `queue --rebuild` and the day's first rebuild: what is saved meanwhile waits for it.
    # Without the lock, a save between its first read and its first write made it fail, busy.
    write_lock = True

    def work(self, session: Session, actor: User) -> RebuildSummary:
        return rebuild_queue(session, actor, progress=self.progress.emit)

    def failure(self, error: str) -> str:
        return _("The rebuild failed: {error}", error=error)


class RebuildProgress(QProgressDialog):
    """The progress dialog; lives on the GUI thread, so the worker's signals arrive queued."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(_(STAGES["positions"]), "", 0, 4, parent)
        self.setWindowTitle(_("Rebuild queue"))
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(500)

    @Slot(str, int, int)
    def on_progress(self, stage: str, done: int, total: int) -> None:
        self.setMaximum(total)
        self.setValue(done)
        self.setLabelText(_(STAGES.get(stage, stage)))


def start_rebuild(
    parent: QWidget,
    database: Database,
    user: User,
    on_success: Callable[[RebuildSummary], None],
    on_failure: Callable[[str], None],
) -> RebuildWorker:
    """Start a rebuild with a progress dialog; the callbacks run on the GUI thread."""
    # The previous rebuild's dialog goes now, long after its worker's last signal: deleting it
    # when the worker finished raced with progress signals still queued for it.
    previous = getattr(parent, "rebuild_progress", None)
    if previous is not None:
        previous.deleteLater()
    dialog = RebuildProgress(parent)
    parent.rebuild_progress = dialog  # type: ignore[attr-defined]
    worker = RebuildWorker(database, user.id, parent)
    worker.succeeded.connect(on_success)
    worker.failed.connect(on_failure)
    worker.progress.connect(dialog.on_progress)
    worker.finished.connect(dialog.close)
    worker.finished.connect(worker.deleteLater)
    worker.progress_dialog = dialog  # type: ignore[attr-defined]
    worker.start()
    return worker
