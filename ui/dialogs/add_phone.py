"""Record a number the borrower gave: the number (written any usual way), its kind, whether calls
go to it first, and where it came from; saved through app.borrower_phones.add_phone. A number on
file for someone else is refused in the dialog, what was typed kept; a supervisor then sees a
line for why the borrower shares it (app.phone_shared) and may add it again with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.borrower_phones import KINDS, MAX_NOTE, add_phone
from app.borrower_scope import holds
from app.i18n import sentences
from app.i18n import tr as _
from app.models import User
from app.phone_shared import SharedNumber
from app.queries.borrowers import BorrowerDetail
from app.reasons import MIN_REASON
from db.store import Database
from ui import labels
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import shows_placeholder


def add_phone_button(on_click: Callable[[], object]) -> QPushButton:
    """The borrower pane's Add… beside Phones."""
    button = QPushButton(_("Add…"))
    button.setObjectName("add_phone")
    button.setToolTip(_("Record a number the borrower gave."))
    button.clicked.connect(lambda: on_click())
    return button


def show_add_phone(button: QPushButton, user: User | None, detail: BorrowerDetail | None) -> None:
    """Shown to whoever records contacts while the borrower's data are kept; enabled for a
    supervisor, an admin, or an agent one of the borrower's cases is assigned to (else the
    tooltip says why, as the core would refuse: app.borrower_scope)."""
    live = detail is None or detail.erased_on is None
    button.setVisible(live and user is not None and can(user, Permission.RECORD_CONTACTS))
    held = user is not None and (detail is None or holds(user, detail.agents))
    button.setEnabled(held)
    button.setToolTip(
        _("Record a number the borrower gave.")
        if held
        else _(
            "Only the agent working this borrower's case, or a supervisor, can record their "
            "numbers: none of their cases is assigned to you."
        )
    )


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
        self.shared = QLineEdit()
        self.shared.setObjectName("shared_reason")
        self.shared.setPlaceholderText(
            _("Who shares it, and why (at least {count} characters)", count=MIN_REASON)
        )
        self.shared.setMinimumWidth(shows_placeholder(self.shared))
        self.form = QFormLayout()
        self.form.addRow(_("Number:"), self.number)
        self.form.addRow(_("Kind:"), self.kind)
        self.form.addRow("", self.primary)
        self.form.addRow(_("Note:"), self.note)
        self.form.addRow(_("Shared because:"), self.shared)
        self.form.setRowVisible(self.shared, False)  # asked once the number proves shared
        self.asks_why = False
        self.buttons = ok_cancel(self, _("Add"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def try_save(self) -> bool:
        self.asks_why = False
        if self.save_through(lambda: self.as_user(self._add)):
            return True
        if self.asks_why:
            how = _("If the borrower shares it, write why they do and press Add again.")
            self.show_error(sentences([self.error.text(), how]))
            self.shared.setFocus()
        return False

    def _add(self, session: Session, actor: User) -> str:
        try:
            phone = add_phone(
                session,
                actor,
                self.borrower_no,
                self.number.text(),
                kind=self.kind.currentData(),
                primary=self.primary.isChecked(),
                note=self.note.text(),
                shared_reason=self.shared.text() if self.form.isRowVisible(self.shared) else "",
            )
        except SharedNumber as refused:
            self.asks_why = refused.may_confirm  # a supervisor's to record, for a reason
            self.form.setRowVisible(self.shared, self.asks_why)
            raise
        return phone.number

    @classmethod
    def run(
        cls, parent: QWidget | None, database: Database, user: User, borrower_no: str, name: str
    ) -> str | None:
        """Add a number; the number when added, else None."""
        dialog = cls(database, user, borrower_no, name, parent)
        return run_modal(dialog, lambda: dialog.saved)
