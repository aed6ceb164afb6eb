"""A new office's first steps (app.first_steps), said above its empty work queue: who fills in the
office's details, adds the staff, records their training and imports the loan book, and where.
Gone once a loan is in."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.first_steps import first_steps, first_steps_text
from db.store import Database
from ui.colours import set_role
from ui.signals import ChangeHub

STEPS_ROLE = "info_banner"
# What can complete a step: the office's details (Settings), an account, a training record, the
# first loan.
WATCHES = frozenset(
    "office setting user training training_record borrower loan payment case".split()
)


class FirstSteps(QLabel):
    """Hidden once the office has a loan."""

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.ended = False  # a loan is in: the office is set up, and stays so
        self.setObjectName("first_steps")
        self.setWordWrap(True)
        set_role(self, STEPS_ROLE)
        self.hide()
        hub.changed.connect(self._on_changed)
        self.refresh()

    @Slot(object)
    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    def refresh(self) -> None:
        if self.ended:
            return
        with self.database.sessions() as session:
            text = first_steps_text(first_steps(session))
        self.ended = not text
        self.setText(text)
        self.setVisible(bool(text))
