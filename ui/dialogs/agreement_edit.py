"""Change a saved draft agreement: the draft dialog filled in with its plan, amount and stated
reason and capacity, saved through `edit_draft` against the version it was opened at (a change
made meanwhile by someone else is refused, not overwritten). Its kind stays: a settlement that
should be a plan is cancelled and drafted anew."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from app.agreements import EditableDraft, PlanRow, edit_draft, editable_draft
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import Agreement, User
from app.money import fmt
from db.store import Database
from ui.colours import set_role
from ui.dialogs.agreement import AgreementDialog
from ui.dialogs.agreement_from_page import MessagePage
from ui.dialogs.agreement_plan import NOTE_ROLE, PLAN, SETTLEMENT
from ui.focus import focus_returns
from ui.signals import ChangeHub
from ui.widgets import qdate


class AgreementEditDialog(AgreementDialog):
    """The draft's terms to change; Save changes keeps the dialog open when the core refuses."""

    def __init__(
        self,
        database: Database,
        user: User,
        draft: EditableDraft,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(database, user, draft.terms.case_no, parent, hub, today, terms=draft.terms)
        self.draft = draft
        number, borrower = draft.agreement_no, draft.terms.borrower
        self.setWindowTitle(_("Edit draft {number} ({name})", number=number, name=borrower))
        self.kind.setCurrentIndex(self.kind.findData(SETTLEMENT if draft.settlement else PLAN))
        self.kind.setEnabled(False)
        self.kind.setToolTip(_("A draft keeps its kind; cancel it and draft a new one instead."))
        self.amount.blockSignals(True)
        self.amount.setText(fmt(draft.settled))
        self.amount.blockSignals(False)
        first = draft.rows[0].due_on
        if draft.settlement:
            self.due.setDate(qdate(first))
        else:
            self.count.setValue(len(draft.rows))
            self.start.setDate(qdate(first))
            self.set_rows(draft.rows, [])  # saved dates: none known as moved, holidays noted
        self.reason.setPlainText(draft.stated_reason)
        self.capacity.setPlainText(draft.stated_capacity)
        self.save_button.setText(_("Save changes"))
        if draft.stale:  # it cannot be approved as it stands; say so before any typing
            note = QLabel(draft.stale)
            note.setObjectName("stale")
            note.setWordWrap(True)
            set_role(note, NOTE_ROLE)
            self.body.insertWidget(1, note)
        self.check_total()

    def save(self, session: Session, actor: User, settled: int, rows: list[PlanRow]) -> Agreement:
        return edit_draft(
            session,
            actor,
            self.draft.agreement_no,
            rows=rows,
            amount=settled,
            stated_reason=self.reason.toPlainText(),
            stated_capacity=self.capacity.toPlainText(),
            expected_version=self.draft.version,
            today=self.today,
        )

    @classmethod
    def edit(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        agreement_no: str,
        hub: ChangeHub | None = None,
    ) -> bool:
        """Run the dialog on a draft; True when its changes were saved (announced on `hub`).
        A refusal to open it (not a draft, not the user's case) raises CasedeskError."""
        with database.sessions() as session:
            actor = session.get(User, user.id)
            assert actor is not None
            draft = editable_draft(session, actor, agreement_no)
        dialog = cls(database, user, draft, parent, hub)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            saved = dialog.exec() == cls.DialogCode.Accepted
        dialog.deleteLater()
        return saved


def edit_from_page(
    page: QWidget, database: Database, user: User, hub: ChangeHub | None, agreement_no: str
) -> bool:
    """Run the edit dialog from a page; a refusal to open it, or the saved changes, are told
    with the page's show_message."""
    said = cast(MessagePage, page)
    try:
        saved = AgreementEditDialog.edit(page, database, user, agreement_no, hub)
    except CasedeskError as error:
        said.show_message(error.translated(), error=True)
        return False
    if saved:
        said.show_message(_("Saved the changes to draft {number}.", number=agreement_no))
    return saved
