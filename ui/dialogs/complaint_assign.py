"""Assign a complaint's investigator (supervisors and admins): one of the users the core allows
— never the agent the complaint is against, an agent only on a case assigned to them — saved
through app.complaints.assign_complaint; the complaint then reads Investigating."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.complaint_access import investigator_choices
from app.complaints import assign_complaint
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal


class AssignInvestigatorDialog(SaveDialog[str]):
    """Choose the investigator; `saved` is how the page names them ("王芳 (supervisor)")."""

    def __init__(
        self,
        database: Database,
        user: User,
        complaint_no: str,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.complaint_no = complaint_no
        self.setWindowTitle(_("Assign the investigator of {number}", number=complaint_no))
        self.setObjectName("AssignInvestigatorDialog")
        self.investigator = QComboBox()
        try:
            with database.sessions() as session:
                actor = session.get(User, user.id)
                assert actor is not None
                choices = investigator_choices(session, actor, complaint_no)
        except CasedeskError as error:
            choices = []
            self.show_error(error.translated())
        for username, name in choices:
            self.investigator.addItem(name, username)
        form = QFormLayout()
        form.addRow(_("Investigator:"), self.investigator)
        hint = QLabel(
            _(
                "The agent the complaint is against cannot investigate it; another agent only "
                "when the complaint's case is assigned to them."
            )
        )
        hint.setWordWrap(True)
        self.buttons = ok_cancel(self, _("Assign"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def choices(self) -> list[str]:
        """The user names offered, in order."""
        return [self.investigator.itemData(i) for i in range(self.investigator.count())]

    def choose(self, username: str | None) -> bool:
        """Choose an offered user; False (the choice unchanged) when they are not offered."""
        index = self.investigator.findData(username)
        if index >= 0:
            self.investigator.setCurrentIndex(index)
        return index >= 0

    def try_save(self) -> bool:
        """Assign through the core; a refusal shows inline and the dialog stays open."""
        return self.save_through(lambda: self.as_user(self._assign))

    def _assign(self, session: Session, actor: User) -> str:
        assign_complaint(session, actor, self.complaint_no, self.investigator.currentData() or "")
        return self.investigator.currentText()

    @classmethod
    def run(
        cls, parent: QWidget | None, database: Database, user: User, complaint_no: str
    ) -> str | None:
        """Assign the investigator; their name when saved, else None."""
        dialog = cls(database, user, complaint_no, parent=parent)
        return run_modal(dialog, lambda: dialog.saved)
