"""The Rules page's line on records retention, for a supervisor or admin: how many closed cases
are past the period the records_retention rule keeps their records, with a link that lists them
(case, closed on, last activity, kept until; a double-click opens the case). A listing only:
Casedesk deletes nothing; `casedesk rules retention` lists the same cases."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import User
from app.retention import PastRetention, retention_listing
from db.store import Database
from ui import labels

NOTE_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3a60; border: 1px solid #b8c9e6;"
    " border-radius: 4px; padding: 6px 10px; }"
)
SHOW = "show"  # the link's target
HEADERS = ("Case no.", "Closed on", "Last activity", "Kept until")


class RetentionLine(QLabel):
    """One line: the closed cases past their retention under the rule in force."""

    open_case = Signal(int)  # a case chosen in the list (its id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.found: PastRetention | None = None
        self.database: Database | None = None
        self.user: User | None = None
        self.list_dialog: QWidget | None = None
        # The link is reached with Tab and followed with Enter, as a button is.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.linkActivated.connect(lambda _target: self.show_cases())

    def refresh(self, database: Database, user: User) -> None:
        """Count again (one query; supervisors and admins: the line stays hidden for agents)."""
        self.database, self.user = database, user
        with database.sessions() as session:
            self.found = retention_listing(session, user, listed=False)
        lang = current_language()
        text = escape(self.found.text(lang))
        if self.found.count:
            text += f' <a href="{SHOW}">{escape(_("Show them…"))}</a>'
        self.setText(text)
        if self.found.rule is not None:
            self.setToolTip(_("Citation: {citation}", citation=self.found.rule.citation_in(lang)))
        self.setVisible(True)

    def show_cases(self) -> QWidget | None:
        """The cases past their retention, read now, in a list whose double-click opens one."""
        from ui.dialogs.dashboard_list import ListDialog

        if self.database is None or self.user is None:
            return None
        with self.database.sessions() as session:
            found = retention_listing(session, self.user)
        cases = found.cases
        rows = [
            [
                c.case_no,
                labels.day(c.closed_on),
                labels.day(c.last_activity),
                labels.day(c.kept_until),
            ]
            for c in cases
        ]
        dialog = ListDialog(
            _("Closed cases past their records retention"),
            [_(h) for h in HEADERS],
            rows,
            0,
            lambda _case_no: None,
            (),
            self.window(),
            on_open=lambda row: self.open_case.emit(cases[row].case_id),
            hint=plural(
                len(rows),
                "{count} case; double-click it to open it. Casedesk deletes none of them.",
                "{count} cases; double-click one to open it. Casedesk deletes none of them.",
            ),
            wrap=False,
        )
        if self.list_dialog is not None:
            self.list_dialog.close()
        self.list_dialog = dialog
        dialog.show()
        return dialog
