"""Add or change a person related to the borrower (guarantor, relative, employer …): the name,
the relation, their number (written any usual way), whether they agreed to be contacted or asked
not to be, and where it came from; saved through app.related_persons. A refusal shows in the
dialog, what was typed kept and nothing saved; a number on file for someone else opens a line,
for a supervisor, for why it is shared (app.phone_shared).

Numbers are shown masked: changing a person, the number field starts empty and an empty field
keeps the number on file, unless "No number" is ticked."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.i18n import sentences
from app.i18n import tr as _
from app.models import RelatedPerson, User
from app.phone_shared import SharedNumber
from app.queries.borrowers import BorrowerDetail, RelatedInfo
from app.reasons import MIN_REASON
from app.related_persons import MAX_NAME, MAX_NOTE, RELATIONS, PersonFields
from db.store import Database
from ui import labels
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import shows_placeholder


class RelatedPersonDialog(SaveDialog[int]):
    """`saved` is the person's id once added or changed; `person` None adds one."""

    def __init__(
        self,
        database: Database,
        user: User,
        detail: BorrowerDetail,
        person: RelatedInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.detail, self.person = detail, person
        self.setObjectName("RelatedPersonDialog")
        who = {"name": detail.name, "number": detail.borrower_no}
        self.setWindowTitle(
            _("Add a person related to {name} ({number})", **who)
            if person is None
            else _("Change a person related to {name} ({number})", **who)
        )
        self.name = QLineEdit(person.name if person else "")
        self.name.setObjectName("name")
        self.name.setMaxLength(MAX_NAME)
        self.relation = QComboBox()
        self.relation.setObjectName("relation")
        for relation in RELATIONS:
            self.relation.addItem(labels.label(labels.RELATION, relation), relation)
        if person is not None:
            self.relation.setCurrentIndex(max(self.relation.findData(person.relation), 0))
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setPlaceholderText(
            _("Leave empty to keep {number}", number=person.phone)
            if person is not None and person.phone
            else _("e.g. 138 1234 5678")
        )
        self.number.setMinimumWidth(shows_placeholder(self.number))
        self.no_number = QCheckBox(_("No number"))
        self.no_number.setObjectName("no_number")
        self.no_number.toggled.connect(lambda on: self.number.setEnabled(not on))
        self.consent = QCheckBox(_("Agreed to be contacted"))
        self.consent.setObjectName("consent")
        self.consent.setChecked(bool(person and person.consent))
        self.do_not_contact = QCheckBox(_("Asked not to be contacted"))
        self.do_not_contact.setObjectName("do_not_contact")
        self.do_not_contact.setChecked(bool(person and person.do_not_contact))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(_("Where this came from, e.g. the borrower on a call"))
        self.note.setMinimumWidth(shows_placeholder(self.note))
        self.shared = QLineEdit()
        self.shared.setObjectName("shared_reason")
        self.shared.setPlaceholderText(
            _("Who shares it, and why (at least {count} characters)", count=MIN_REASON)
        )
        self.form = QFormLayout()
        self.form.addRow(_("Name:"), self.name)
        self.form.addRow(_("Relation:"), self.relation)
        self.form.addRow(_("Number:"), self.number)
        if person is not None and person.phone:
            self.form.addRow("", self.no_number)
        self.form.addRow("", self.consent)
        self.form.addRow("", self.do_not_contact)
        self.form.addRow(_("Note:"), self.note)
        self.form.addRow(_("Shared because:"), self.shared)
        self.form.setRowVisible(self.shared, False)  # asked once the number proves shared
        intro = QLabel(
            _(
                "Recording their consent to be contacted, or lifting a do-not-contact, is a "
                "supervisor's decision, with a note saying who gave it and when."
            )
        )
        intro.setWordWrap(True)
        intro.setVisible(not can(user, Permission.EDIT_BORROWERS))
        self.asks_why = False
        title = _("Add") if person is None else _("Save")
        self.button_text = title.replace("&", "")  # what the shared-number message names
        self.buttons = ok_cancel(self, title, self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_save(self) -> bool:
        self.asks_why = False
        if self.save_through(lambda: self.as_user(self._save)):
            return True
        if self.asks_why:
            how = _("If it is shared, write why and press {button} again.", button=self.button_text)
            self.show_error(sentences([self.error.text(), how]))
            self.shared.setFocus()
        return False

    def _fields(self, session: Session) -> PersonFields:
        typed = "" if self.no_number.isChecked() else self.number.text().strip()
        if not typed and self.person is not None and not self.no_number.isChecked():
            stored = session.get(RelatedPerson, self.person.person_id)
            typed = stored.phone if stored is not None else ""  # kept as it is
        return PersonFields(
            name=self.name.text(),
            relation=str(self.relation.currentData()),
            phone=typed,
            consent_to_contact=self.consent.isChecked(),
            do_not_contact=self.do_not_contact.isChecked(),
        )

    def _save(self, session: Session, actor: User) -> int:
        from app.related_persons import add_person, edit_person

        fields = self._fields(session)
        shared = self.shared.text() if self.form.isRowVisible(self.shared) else ""
        number = self.detail.borrower_no
        try:
            if self.person is None:
                made = add_person(
                    session, actor, number, fields, note=self.note.text(), shared_reason=shared
                )
            else:
                made = edit_person(
                    session, actor, number, self.person.person_id, fields,
                    note=self.note.text(), shared_reason=shared,
                )  # fmt: skip
        except SharedNumber as refused:
            self.asks_why = refused.may_confirm  # a supervisor's to record, for a reason
            self.form.setRowVisible(self.shared, self.asks_why)
            raise
        return made.id

    @classmethod
    def add(
        cls, parent: QWidget | None, database: Database, user: User, detail: BorrowerDetail
    ) -> int | None:
        """Add a related person; their id when added, else None."""
        dialog = cls(database, user, detail, None, parent)
        return run_modal(dialog, lambda: dialog.saved)

    @classmethod
    def edit(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        detail: BorrowerDetail,
        person: RelatedInfo,
    ) -> int | None:
        """Change a related person; their id when saved, else None."""
        dialog = cls(database, user, detail, person, parent)
        return run_modal(dialog, lambda: dialog.saved)
