"""The login dialog: user name and password, checked by app.auth.authenticate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.auth import authenticate
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database


class LoginDialog(QDialog):
    """Asks for a user name and password; a wrong one shows an inline error and stays open."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user: User | None = None
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
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        heading = QLabel(_("Log in to {name}", name=database.short_name))
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def try_login(self) -> None:
        """Check the password; accept on success, else show why and keep the dialog open."""
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
        self.accept()

    @classmethod
    def login(cls, parent: QWidget | None, database: Database) -> User | None:
        """Run the dialog; the logged-in User, or None when cancelled."""
        dialog = cls(database, parent)
        dialog.username.setFocus()
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        user = dialog.user if accepted else None
        dialog.deleteLater()
        return user
