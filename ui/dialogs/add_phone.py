"""Record a number the borrower gave: the number (written any usual way), its kind, whether calls
go to it first, and where it came from; saved through app.borrower_phones.add_phone."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.borrower_phones import KINDS, MAX_NOTE, add_phone
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui import labels
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import shows_placeholder


class AddPhoneDialog(SaveDialog[str]):
    """`saved` is the number as stored (E.164) once added."""

    def __init__(
        self,
        database: Database,
        user: User,
        borrower_no: str,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.borrower_no = borrower_no
        self.setObjectName("AddPhoneDialog")
        self.setWindowTitle(_("Add a number of {name} ({number})", name=name, number=borrower_no))
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(labels.label(labels.KIND, kind), kind)
        self.primary = QCheckBox(_("Calls go to this number first"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(_("Where the number came from, e.g. the borrower on a call"))
        self.note.setMinimumWidth(shows_placeholder(self.note))  # whole at 150 % text too
        form = QFormLayout()
        form.addRow(_("Number:"), self.number)
        form.addRow(_("Kind:"), self.kind)
        form.addRow("", self.primary)
        form.addRow(_("Note:"), self.note)
        self.buttons = ok_cancel(self, _("Add"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def try_save(self) -> bool:
        return self.save_through(lambda: self.as_user(self._add))

    def _add(self, session: Session, actor: User) -> str:
        phone = add_phone(
            session,
            actor,
            self.borrower_no,
            self.number.text(),
            kind=self.kind.currentData(),
            primary=self.primary.isChecked(),
            note=self.note.text(),
        )
        return phone.number

    @classmethod
    def run(
        cls, parent: QWidget | None, database: Database, user: User, borrower_no: str, name: str
    ) -> str | None:
        """Add a number; the number when added, else None."""
        dialog = cls(database, user, borrower_no, name, parent)
        return run_modal(dialog, lambda: dialog.saved)
