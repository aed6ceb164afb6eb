"""A borrower's stop flags and their related persons' consent and do-not-contact, changed in one
save through app.borrowers.update_borrower_flags.

Whoever hears a request to stop records it; lifting a restriction is a supervisor's, with a
written reason: for a user who may not lift one, a box that restricts contact now cannot be
unticked (the core refuses it too)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.borrowers import PERSON_FLAGS, RESTRICTS
from app.i18n import tr as _
from app.models import User
from app.queries.borrowers import BorrowerDetail
from db.store import Database
from ui import labels
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal

PERSON_WORDS = {"do_not_contact": "Do not contact", "consent_to_contact": "Agreed to be contacted"}


class StopFlagsDialog(SaveDialog[bool]):
    """Tick or untick; Save writes what changed (nothing changed: closes, nothing written)."""

    def __init__(
        self, database: Database, user: User, detail: BorrowerDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, user, parent)
        self.detail = detail
        self.may_lift = can(user, Permission.EDIT_BORROWERS)
        self.setObjectName("StopFlagsDialog")
        self.setWindowTitle(
            _("Stop flags of {name} ({number})", name=detail.name, number=detail.borrower_no)
        )
        intro = QLabel(
            _(
                "Record a request to stop as soon as you hear it. Lifting a restriction is a "
                "supervisor's decision, with a written reason."
            )
            if not self.may_lift
            else _("Lifting a restriction needs a written reason: who asked for it, and when.")
        )
        intro.setWordWrap(True)
        self.flags: dict[str, QCheckBox] = {}
        borrower = QGroupBox(_("Borrower"))
        grid = QGridLayout(borrower)
        for index, (name, words) in enumerate(labels.STOP_FLAG.items()):
            box = self._box(_(words), detail.flags.get(name, False), RESTRICTS[name])
            box.setObjectName(name)
            self.flags[name] = box
            grid.addWidget(box, index // 2, index % 2)
        self.people: dict[int, dict[str, QCheckBox]] = {}
        related = QGroupBox(_("Related persons"))
        people = QGridLayout(related)
        for row, person in enumerate(detail.related):
            relation = labels.label(labels.RELATION, person.relation)
            shown = _("{name} ({relation})", name=person.name, relation=relation)
            people.addWidget(QLabel(shown), row, 0)
            held = {"do_not_contact": person.do_not_contact, "consent_to_contact": person.consent}
            boxes = {}
            for column, (name, words) in enumerate(PERSON_WORDS.items(), start=1):
                box = self._box(_(words), held[name], PERSON_FLAGS[name])
                box.setObjectName(f"{name}_{person.person_id}")
                boxes[name] = box
                people.addWidget(box, row, column)
            self.people[person.person_id] = boxes
        related.setVisible(bool(detail.related))
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("Who asked, and when (kept in the audit trail)"))
        self.note.setFixedHeight(70)
        self.buttons = ok_cancel(self, _("Save"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(borrower)
        layout.addWidget(related)
        layout.addWidget(QLabel(_("Note:")))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _box(self, words: str, held: bool, restricts: bool) -> QCheckBox:
        box = QCheckBox(words)
        box.setChecked(held)
        if held == restricts and not self.may_lift:
            box.setEnabled(False)
            box.setToolTip(_("Only a supervisor may lift this, with a written reason."))
        return box

    def wanted(self) -> tuple[dict[str, bool], dict[int, dict[str, bool]]]:
        """The borrower's flags and each related person's as the boxes stand, changes only."""
        d = self.detail
        flags = {n: b.isChecked() for n, b in self.flags.items() if b.isChecked() != d.flags[n]}
        held = {p.person_id: {"do_not_contact": p.do_not_contact, "consent_to_contact": p.consent}
                for p in d.related}  # fmt: skip
        related = {}
        for person_id, boxes in self.people.items():
            change = {
                n: b.isChecked() for n, b in boxes.items() if b.isChecked() != held[person_id][n]
            }
            if change:
                related[person_id] = change
        return flags, related

    def try_save(self) -> bool:
        """Save through the core; a refusal (no reason, a stale read) shows inline."""
        flags, related = self.wanted()
        if not flags and not related:
            self.saved = False
            self.accept()
            return True
        return self.save_through(lambda: self.as_user(self._save))

    def _save(self, session: Session, actor: User) -> bool:
        from app.borrowers import update_borrower_flags

        flags, related = self.wanted()
        update_borrower_flags(
            session,
            actor,
            self.detail.borrower_no,
            expected_version=self.detail.version,
            note=self.note.toPlainText(),
            related=related,
            **flags,
        )
        return True

    @classmethod
    def run(
        cls, parent: QWidget | None, database: Database, user: User, detail: BorrowerDetail
    ) -> bool:
        """Change the flags; True when something was saved."""
        dialog = cls(database, user, detail, parent)
        return bool(run_modal(dialog, lambda: dialog.saved))
