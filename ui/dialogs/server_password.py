"""The PostgreSQL server's password, asked at start only when the server refuses to let the user
in without one (or refused the one remembered, or the one just typed). "Remember on this
computer" keeps it in the keychain (db/pg_login.py); otherwise it is used for this session only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from db.pg_login import Refusal, Typed
from ui.colours import set_role
from ui.std_buttons import button_box
from ui.widgets import ERROR_ROLE


def refusal_text(refusal: Refusal) -> str:
    """Why the password is asked for again; empty the first time."""
    if refusal is Refusal.SAVED:
        return _(
            "The server refused the password remembered on this computer: it may have been "
            "changed on the server. Enter the current one."
        )
    if refusal is Refusal.TYPED:
        return _("The server refused that password. Check it and try again, or cancel.")
    return ""


class ServerPasswordDialog(QDialog):
    """One password field for the server named by `shown` (a URL without its password)."""

    def __init__(
        self, shown: str, parent: QWidget | None = None, refusal: Refusal = Refusal.NONE_GIVEN
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Server password"))
        self.setObjectName("ServerPasswordDialog")
        heading = QLabel(_("Password for {target}:", target=shown))
        heading.setWordWrap(True)
        self.refused = QLabel(refusal_text(refusal))
        self.refused.setObjectName("refused")
        self.refused.setWordWrap(True)
        set_role(self.refused, ERROR_ROLE)
        self.refused.setVisible(refusal is not Refusal.NONE_GIVEN)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember on this computer"))
        self.remember.setObjectName("remember")
        # Remembered before: remember the new one too (unticked, the refused one is forgotten).
        self.remember.setChecked(refusal is Refusal.SAVED)
        note = QLabel(
            _(
                "Remembered, it is kept in this computer's keychain and not asked for again at "
                "start (Settings → This workstation forgets it); otherwise it is used for this "
                "session only."
            )
        )
        note.setWordWrap(True)
        set_role(note, "muted_555")
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Connect"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.refused)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def value(self) -> Typed | None:
        """The password typed and whether to remember it; None when cancelled or left empty."""
        if self.result() != QDialog.DialogCode.Accepted or not self.password.text():
            return None
        return Typed(self.password.text(), self.remember.isChecked())

    @classmethod
    def ask(
        cls, parent: QWidget | None, shown: str, refusal: Refusal = Refusal.NONE_GIVEN
    ) -> Typed | None:
        """Run the dialog; the password typed, or None to give up (nothing is opened)."""
        dialog = cls(shown, parent, refusal)
        dialog.exec()
        value = dialog.value()
        dialog.deleteLater()
        return value
