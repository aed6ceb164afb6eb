"""The Rules page's line on records retention, for a supervisor or admin: how many closed cases
are past the period the records_retention rule keeps their records (a listing: Casedesk deletes
nothing; `casedesk rules retention` lists the cases)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import current_language
from app.i18n import tr as _
from app.models import User
from app.retention import PastRetention, retention_listing
from db.store import Database

NOTE_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3a60; border: 1px solid #b8c9e6;"
    " border-radius: 4px; padding: 6px 10px; }"
)


class RetentionLine(QLabel):
    """One line: the closed cases past their retention under the rule in force."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.found: PastRetention | None = None

    def refresh(self, database: Database, user: User) -> None:
        """Count again (one query; supervisors and admins: the line stays hidden for agents)."""
        with database.sessions() as session:
            self.found = retention_listing(session, user, listed=False)
        lang = current_language()
        text = self.found.text(lang)
        if self.found.count:
            text += " " + _("List them with: casedesk rules retention")
        self.setText(text)
        if self.found.rule is not None:
            self.setToolTip(_("Citation: {citation}", citation=self.found.rule.citation_in(lang)))
        self.setVisible(True)
