"""The PostgreSQL server's password, asked at start when neither CASEDESK_DB_PASSWORD nor the
keychain has one. It is used for this session only and never stored."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _


class ServerPasswordDialog(QDialog):
    """One password field for the server named by `shown` (a URL without its password)."""

    def __init__(self, shown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Server password"))
        self.setObjectName("ServerPasswordDialog")
        heading = QLabel(_("Password for {target}:", target=shown))
        heading.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(
            _(
                "Used for this session only, never stored. To start without this question, set "
                "CASEDESK_DB_PASSWORD or keep the password in the keychain."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Connect"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.password)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def value(self) -> str | None:
        """The password typed, or None when the dialog was cancelled or left empty."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self.password.text() or None

    @classmethod
    def ask(cls, parent: QWidget | None, shown: str) -> str | None:
        """Run the dialog; the password, or None (then the server decides: it may trust us)."""
        dialog = cls(shown, parent)
        dialog.exec()
        value = dialog.value()
        dialog.deleteLater()
        return value
