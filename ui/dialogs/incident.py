"""Report an incident on a visit that took place or is under way: what happened, in words."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.i18n import tr as _
from app.labels import INCIDENT_KIND, capital, label
from app.models import User
from app.visits import INCIDENT_KINDS, add_incident
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.signals import ChangeHub


class IncidentDialog(SaveDialog[str]):
    """The kind from a fixed list and a description; the core checks the visit and saves."""

    def __init__(
        self,
        database: Database,
        user: User,
        visit_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.visit_no, self.hub = visit_no, hub
        self.setWindowTitle(_("Report an incident on visit {number}", number=visit_no))
        self.setObjectName("IncidentDialog")
        self.kind = QComboBox()
        # No kind taken for the agent: one left as it came (the first, "aggressive dog") was
        # recorded for a threat in the compliance report (QA); chosen, as at check-out.
        self.kind.addItem(_("— choose —"), None)
        for kind in INCIDENT_KINDS:
            self.kind.addItem(capital(label(INCIDENT_KIND, kind)), kind)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(_("What happened, who was there, what the agents did"))
        self.description.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        form = QFormLayout()
        form.addRow(_("What happened:"), self.kind)
        form.addRow(_("Description:"), self.description)
        note = QLabel(_("The incident is listed in the compliance report and the case's story."))
        note.setWordWrap(True)
        self.buttons = ok_cancel(self, _("Report incident"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def try_save(self) -> bool:
        """Save through the core; `saved` is the visit's number. A refusal shows inline."""
        if not self.save_through(lambda: self.as_user(self._report)):
            return False
        if self.hub is not None:
            self.hub.announce("visit", "case")
        return True

    def _report(self, session: Session, actor: User) -> str:
        if self.kind.currentData() is None:
            raise ValidationError("Choose what happened.")
        add_incident(
            session,
            actor,
            self.visit_no,
            str(self.kind.currentData()),
            self.description.toPlainText(),
        )
        return self.visit_no

    @classmethod
    def report(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        visit_no: str,
        hub: ChangeHub | None = None,
    ) -> str | None:
        """Run the dialog; the visit's number once the incident is saved, None when cancelled."""
        dialog = cls(database, user, visit_no, parent, hub)
        return run_modal(dialog, lambda: dialog.saved)
