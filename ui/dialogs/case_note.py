"""Add a note to a case, outside any contact: a multi-line box with a live count of its characters
against the limit; saved through app.case_notes, which checks who may, what the text holds and
whether the borrower's data were erased. A refusal shows in the dialog with the text kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.case_notes import MAX_NOTES, add_case_note
from app.i18n import tr as _
from app.models import CaseNote, User
from db.store import Database
from ui.colours import set_role
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import ERROR_ROLE

HELP = (
    "Write what you learned about the borrower or the debt outside a contact, e.g. a relative "
    "says where the borrower works now. A note cannot be changed or deleted once added: to "
    "correct one, add another. The case's timeline shows it with your name and the time."
)


class CaseNoteDialog(SaveDialog[CaseNote]):
    """`saved` is the note added (its id, author, time and text read before the session ended)."""

    def __init__(
        self, database: Database, user: User, case_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, user, parent)
        self.case_no = case_no
        self.setObjectName("CaseNoteDialog")
        self.setWindowTitle(_("Add a note to case {case}", case=case_no))
        intro = QLabel(_(HELP))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("Note"))
        self.text.setMinimumHeight(self.fontMetrics().height() * 7 + 12)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.buttons = ok_cancel(self, _("Add note"), self.try_save, SAVE)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.text.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._typed()

    def _typed(self) -> None:
        """The count as the core counts (trimmed), past the limit in the error colour; the
        button waits for a note (the core refuses one too long, saying so, nothing cut off)."""
        length = len(self.text.toPlainText().strip())
        self.count.setText(
            _("{count} of {max} characters", count=f"{length:,}", max=f"{MAX_NOTES:,}")
        )
        set_role(self.count, ERROR_ROLE if length > MAX_NOTES else None)
        self.ok.setEnabled(length > 0)

    def try_save(self) -> bool:
        return self.save_through(lambda: self.as_user(self._add))

    def _add(self, session: Session, actor: User) -> CaseNote:
        note = add_case_note(session, actor, self.case_no, self.text.toPlainText())
        session.flush()
        session.expunge(note)  # read after the session ends (its columns are loaded)
        return note

    @classmethod
    def add(
        cls, parent: QWidget | None, database: Database, user: User, case_no: str
    ) -> CaseNote | None:
        """Add a note to case `case_no`; the note when added, else None."""
        dialog = cls(database, user, case_no, parent)
        dialog.text.setFocus()
        return run_modal(dialog, lambda: dialog.saved)
