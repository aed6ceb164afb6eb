"""Assigning many cases off the GUI thread, with progress and a Cancel that saves nothing: 21,426
cases froze the window for 85 s with no word of how far it was (found by QA). A small assignment
runs at once, as before, and says how it went the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from app.cases.assign_write import Progress
from app.errors import CasedeskError
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.worker import ActingWorker

INLINE_MAX = 300  # cases assigned on the GUI thread (well under a second); more go to a worker

# The work: (session, acting user, progress) → what the page is told; it runs in one transaction.
Work = Callable[[Session, User, Progress], Any]


class AssignStopped(Exception):
    """The supervisor chose Cancel: the transaction rolls back, nothing is saved."""


class AssignWorker(ActingWorker):
    """Runs one assignment in its own session; never touches a widget."""

    progress = Signal(int, int)
    cancelled = Signal()
    stops = (AssignStopped,)
    # What is saved meanwhile waits for it, as for a rebuild: its reads and writes are one.
    write_lock = True

    def __init__(self, database: Database, user_id: int, work: Work, parent: QWidget) -> None:
        super().__init__(database, user_id, parent)
        self.assign_work = work
        self.stop = False

    def work(self, session: Session, actor: User) -> Any:
        return self.assign_work(session, actor, self._told)

    def _told(self, done: int, total: int) -> None:
        if self.stop:
            raise AssignStopped
        self.progress.emit(done, total)

    def failure(self, error: str) -> str:
        return _("The assignment failed: {error}", error=error)

    def stopped(self) -> None:
        self.cancelled.emit()


class AssignProgress(QProgressDialog):
    """The progress dialog; on the GUI thread, so the worker's signals arrive queued."""

    def __init__(self, parent: QWidget, total: int) -> None:
        super().__init__(_("Assigning cases…"), _("Cancel"), 0, max(total, 1), parent)
        self.setWindowTitle(_("Assign cases"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(500)
        self.setMinimumWidth(420)  # the count grows as it runs: the label is never cut
        self.on_progress(0, total)

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.setMaximum(max(total, 1))
        self.setValue(done)
        self.setLabelText(
            plural(
                total,
                "Assigning cases: {done} of {count} done…",
                "Assigning cases: {done} of {count} done…",
                done=f"{done:,}",
            )
        )


def run_assignment(
    parent: QWidget,
    database: Database,
    user: User,
    total: int,
    work: Work,
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
    inline_max: int = INLINE_MAX,
) -> AssignWorker | None:
    """Run `work` for `total` cases: at once when `inline_max` or fewer (the callbacks have run
    on return), else off the GUI thread with a progress dialog (the callbacks run when it ends;
    a Cancel calls `on_failure` with what it means)."""
    if total <= inline_max:
        try:
            with database.session(write_lock=True) as session:
                actor = session.get(User, user.id)
                assert actor is not None
                result = work(session, actor, lambda done, total: None)
        except CasedeskError as error:
            on_failure(error.translated())
            return None
        on_success(result)
        return None
    previous = getattr(parent, "assign_progress", None)
    if previous is not None:
        previous.deleteLater()  # as the rebuild's: never while its worker's signals are queued
    dialog = AssignProgress(parent, total)
    parent.assign_progress = dialog  # type: ignore[attr-defined]
    worker = AssignWorker(database, user.id, work, parent)
    dialog.canceled.connect(lambda: setattr(worker, "stop", True))
    worker.progress.connect(dialog.on_progress)
    worker.succeeded.connect(on_success)
    worker.failed.connect(on_failure)
    worker.cancelled.connect(
        lambda: on_failure(_("Assignment cancelled: nothing was assigned or handed back."))
    )
    worker.finished.connect(dialog.close)
    worker.finished.connect(worker.deleteLater)
    worker.progress_dialog = dialog  # type: ignore[attr-defined]
    worker.start()
    return worker
