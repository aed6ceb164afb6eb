"""Record a visit as a no-show: the team went and met nobody. The notes, the trip's cost and the
time spent, as `casedesk visit noshow` takes them, through the same core function."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import tr as _
from app.models import User
from app.money import to_minor
from app.office import office_currency
from app.visits import no_show
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.dialogs.visit_outcome import cost_editors
from ui.signals import ChangeHub


class NoShowDialog(SaveDialog[str]):
    """Notes, travel cost and time spent (the office's defaults filled in); the core checks the
    visit (its team, its start passed, no complaint pausing the case) and saves."""

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
        self.setWindowTitle(_("Record visit {number} as a no-show", number=visit_no))
        self.setObjectName("NoShowDialog")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(
            _("What the team found, e.g. nobody answered, a neighbour said they moved")
        )
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.travel, self.minutes = cost_editors(database)
        form = QFormLayout()
        form.addRow(_("Notes:"), self.notes)
        form.addRow(_("Travel cost:"), self.travel)
        form.addRow(_("Time spent:"), self.minutes)
        note = QLabel(
            _(
                "The team went and met nobody. The trip's cost still counts, and the case's "
                "history shows a visit with no answer."
            )
        )
        note.setWordWrap(True)
        self.buttons = ok_cancel(self, _("Record no-show"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_save(self) -> bool:
        """Save through the core; `saved` is the visit's number. A refusal shows inline."""
        if not self.save_through(lambda: self.as_user(self._record)):
            return False
        if self.hub is not None:
            self.hub.announce("visit", "case")
        return True

    def _record(self, session: Session, actor: User) -> str:
        no_show(
            session,
            actor,
            self.visit_no,
            notes=self.notes.toPlainText(),
            travel_cost=to_minor(self.travel.text().strip() or "0", office_currency(session)),
            hours_minutes=self.minutes.value(),
        )
        return self.visit_no

    @classmethod
    def record(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        visit_no: str,
        hub: ChangeHub | None = None,
    ) -> str | None:
        """Run the dialog; the visit's number once recorded as a no-show, None when cancelled."""
        dialog = cls(database, user, visit_no, parent, hub)
        return run_modal(dialog, lambda: dialog.saved)
