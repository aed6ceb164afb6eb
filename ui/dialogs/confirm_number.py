"""Record that the borrower confirmed a number found wrong or not in service as theirs: which
number, how they confirmed it, and a written reason; saved through app.phone_confirm (a
supervisor's or admin's), after which calls on it are no longer held by the rule
number_found_invalid."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import tr as _
from app.labels import CONFIRMED_HOW
from app.models import User
from app.phone_confirm import confirm_number, numbers_to_confirm
from app.reasons import MIN_REASON
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import select_data


class ConfirmNumberDialog(SaveDialog[str]):
    """`saved` is the number confirmed (E.164)."""

    def __init__(
        self,
        database: Database,
        user: User,
        borrower_no: str,
        name: str,
        numbers: list[tuple[str, str]],
        parent: QWidget | None = None,
        chosen: str | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.borrower_no = borrower_no
        self.setObjectName("ConfirmNumberDialog")
        self.setWindowTitle(
            _("Confirm a number of {name} ({number})", name=name, number=borrower_no)
        )
        intro = QLabel(
            _(
                "A contact found this number wrong or not in service. Once the borrower "
                "confirms it is theirs, calls and messages to it are no longer held. Your name "
                "and the reason are kept in the audit log."
            )
        )
        intro.setWordWrap(True)
        self.number = QComboBox()
        self.number.setObjectName("number")
        for number, shown in numbers:
            self.number.addItem(shown, number)
        select_data(self.number, chosen)
        self.how = QComboBox()
        self.how.setObjectName("how")
        for key, words in CONFIRMED_HOW.items():
            self.how.addItem(_(words), key)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            _("What the borrower said, and where (at least {count} characters).", count=MIN_REASON)
        )
        self.reason.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(_("Number:"), self.number)
        form.addRow(_("How confirmed:"), self.how)
        form.addRow(_("Reason:"), self.reason)
        self.buttons = ok_cancel(self, _("Confirm"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_save(self) -> bool:
        return self.save_through(lambda: self.as_user(self._confirm))

    def _confirm(self, session: Session, actor: User) -> str:
        phone = confirm_number(
            session,
            actor,
            self.borrower_no,
            self.number.currentData() or "",
            how=self.how.currentData(),
            reason=self.reason.toPlainText(),
        )
        return phone.number

    @classmethod
    def run(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        borrower_no: str,
        name: str,
        numbers: list[tuple[str, str]],
        chosen: str | None = None,
    ) -> str | None:
        """Confirm one of `numbers` ((E.164, shown)), `chosen` first chosen; the number when
        confirmed, else None."""
        dialog = cls(database, user, borrower_no, name, numbers, parent, chosen)
        return run_modal(dialog, lambda: dialog.saved)


def ask_confirm(
    parent: QWidget | None, database: Database, user: User, borrower_no: str, name: str
) -> str | None:
    """The dialog for the borrower's numbers found invalid; the number confirmed, else None."""
    with database.session() as session:
        actor = session.get(User, user.id)
        assert actor is not None
        numbers = numbers_to_confirm(session, actor, borrower_no)
    return ConfirmNumberDialog.run(parent, database, user, borrower_no, name, numbers)


def confirm_button(on_click: Callable[[], object]) -> QPushButton:
    """The borrower pane's "Confirm number…" (shown to those who may, when a number is invalid)."""
    button = QPushButton(_("Confirm number…"))
    button.setObjectName("confirm_number")
    button.setToolTip(_("Record that the borrower confirmed a number found invalid is theirs."))
    button.clicked.connect(on_click)
    return button
