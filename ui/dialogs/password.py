"""Change one's own password: the old one, the new one twice; app.accounts decides the rules.

The same dialog asks at login for the user's own password when an admin set the one they logged in
with (`choose_own`): the current password is the one just typed, so only the new one is asked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.accounts import change_own_password
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.base import FormDialog, ok_cancel, run_modal


class PasswordDialog(FormDialog):
    """Old password, new password, repeat; a mismatch or a refusal shows inline and stays open."""

    def __init__(
        self,
        database: Database,
        user: User,
        parent: QWidget | None = None,
        *,
        current: str | None = None,
    ) -> None:
        """`current`: the password just typed at login, one an admin set (`choose_own`)."""
        super().__init__(parent)
        self.database = database
        self.user = user
        self.setWindowTitle(_("Change password"))
        self.setObjectName("PasswordDialog")
        heading = QLabel(_("Change the password of {user}", user=user.username))
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self.old = self._password_field("old")
        self.new = self._password_field("new")
        self.repeat = self._password_field("repeat")
        form = QFormLayout()
        form.addRow(_("Current password:"), self.old)
        form.addRow(_("New password:"), self.new)
        form.addRow(_("Repeat new password:"), self.repeat)
        self.buttons = ok_cancel(self, _("Change password"), self._change_typed)
        if current is not None:
            self.setWindowTitle(_("Choose your own password"))
            heading.setText(
                _(
                    "An administrator set this password: choose your own to go on. "
                    "Nobody else will know it."
                )
            )
            self.old.setText(current)
            form.setRowVisible(self.old, False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Log out"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @staticmethod
    def _password_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _change_typed(self) -> None:
        self.try_change(self.old.text(), self.new.text(), self.repeat.text())

    def try_change(self, old: str, new: str, repeat: str) -> bool:
        """Change the password through the core; accept on success, else say why."""
        for field, text in ((self.old, old), (self.new, new), (self.repeat, repeat)):
            if field.text() != text:
                field.setText(text)
        if new != repeat:
            self.show_error(_("The new password and its repetition differ."))
            self.repeat.clear()
            self.repeat.setFocus()
            return False
        try:  # its own transaction: a wrong current password is counted even though refused
            change_own_password(self.database.sessions, self.user.id, old, new)
        except CasedeskError as error:
            self.show_error(error.translated())
            return False
        self.error.hide()
        self.accept()
        return True

    @classmethod
    def change(cls, parent: QWidget | None, database: Database, user: User) -> bool:
        """Run the dialog; True when the password was changed."""
        dialog = cls(database, user, parent)
        dialog.old.setFocus()
        return run_modal(dialog, lambda: True) is not None

    @classmethod
    def choose_own(
        cls, parent: QWidget | None, database: Database, user: User, current: str
    ) -> bool:
        """At login with a password an admin set: True when the user chose their own; False
        when they logged out instead (the caller then opens nothing)."""
        dialog = cls(database, user, parent, current=current)
        dialog.new.setFocus()
        return run_modal(dialog, lambda: True) is not None
