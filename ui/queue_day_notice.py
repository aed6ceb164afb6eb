"""The Work queue page's notice of a queue date that is not today: which day its days past due,
buckets and amounts overdue are of, and whether Rebuild queue still has to bring the open cases
to that day (the words are the core's, as `casedesk queue` says them)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.models import User
from app.queries.queue_day import queue_day
from db.store import Database
from ui.colours import set_role

# What may change the notice: the queue date (Settings), the office's today turning or its time
# zone, a rebuild or an import recomputing the cases.
NOTICE_CHANGES = {"setting", "office", "day", "case"}


class QueueDayNotice(QLabel):
    """Hidden while the queue date is the office's today and the figures are of that day."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.setObjectName("queue_day_notice")
        self.setWordWrap(True)
        self.hide()

    def refresh(self) -> None:
        with self.database.sessions() as session:
            day = queue_day(session, self.user)
        said = day.said()
        # Amber while the listed figures are still of another day than the queue date (or kept
        # as of a later day while this computer's clock is behind).
        set_role(self, "warning_banner" if day.stale or day.held else "info_banner")
        self.setText(said or "")
        self.setVisible(said is not None)
