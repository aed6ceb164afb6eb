"""The login dialog: user name and password, checked by app.auth.authenticate.

At a start the dialog shows before the office is open (ui/startup.py): the user types while the
core's modules load, and a Log in pressed before then waits for the office, saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import tr as _
from ui.colours import set_role
from ui.std_buttons import button_box

if TYPE_CHECKING:  # the start shows this dialog before SQLAlchemy has loaded
    from app.models import User
    from db.store import Database


class LoginDialog(QDialog):
    """Asks for a user name and password; a wrong one shows an inline error and stays open.

    `database` may be None while the office is still opening; `name` is then the title's name,
    and `office_ready` hands the database over once it is open.
    """

    def __init__(
        self, database: Database | None, parent: QWidget | None = None, *, name: str = ""
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.waiting = False  # Log in was pressed before the office was open
        self.user: User | None = None
        # At a start, a Log in pressed before the office is open first tries the quick path
        # (ui/quick_start.py); what it returns (a checked login) ends the dialog.
        self.quick: Callable[[str, str], object | None] | None = None
        self.quick_login: object | None = None
        self.setWindowTitle(_("Casedesk — log in"))
        self.setObjectName("LoginDialog")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        self.status = QLabel()  # "Opening …" while a pressed Log in waits for the office
        self.status.setObjectName("status")
        self.status.hide()
        heading = QLabel(_("Log in to {name}", name=name or self._name()))
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        self.buttons = button_box(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Log in"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def _name(self) -> str:
        return self.database.short_name if self.database is not None else ""

    def try_login(self) -> None:
        """Check the password; accept on success, else show why and keep the dialog open."""
        if self.database is None and self.quick is not None:
            self.quick_login = self.quick(self.username.text(), self.password.text())
            if self.quick_login is not None:
                self.accept()
                return
        if self.database is None:  # the office is still opening: log in once it is
            self.waiting = True
            self.ok.setEnabled(False)
            self.error.hide()
            self.status.setText(_("Opening the office…"))
            self.status.show()
            return
        from app.auth import authenticate

        try:
            self.user = authenticate(
                self.database.sessions, self.username.text(), self.password.text()
            )
        except CasedeskError as error:
            self.user = None
            self.error.setText(error.translated())
            self.error.show()
            self.password.selectAll()
            self.password.setFocus()
            return
        self.error.hide()
        if self.user.must_change_password and not self._own_password_chosen():
            return
        self.accept()

    def _own_password_chosen(self) -> bool:
        """An admin set the password just typed: its owner chooses their own before anything
        opens. Logging out of that instead leaves nobody logged in, the box open and saying why."""
        from ui.dialogs.password import PasswordDialog  # the core has loaded by now

        assert self.database is not None and self.user is not None
        if PasswordDialog.choose_own(self, self.database, self.user, self.password.text()):
            self.user.must_change_password = False
            return True
        from app.auth import log_out

        log_out(self.database.sessions, self.user.id)
        self.user = None
        self.error.setText(_("An administrator set this password: choose your own to log in."))
        self.error.show()
        self.password.clear()
        self.password.setFocus()
        return False

    def office_ready(self, database: Database) -> None:
        """The office is open: a Log in pressed meanwhile goes ahead now."""
        self.database = database
        self.status.hide()
        self.ok.setEnabled(True)
        if self.waiting:
            self.waiting = False
            self.try_login()

    @classmethod
    def login(cls, parent: QWidget | None, database: Database) -> User | None:
        """Run the dialog; the logged-in User, or None when cancelled."""
        dialog = cls(database, parent)
        dialog.username.setFocus()
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        user = dialog.user if accepted else None
        dialog.deleteLater()
        return user
