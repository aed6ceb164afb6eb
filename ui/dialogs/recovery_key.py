"""The recovery key, asked at start when neither CASEDESK_DB_KEY nor this computer's keychain has
the database's key. It is copied from the printed sheet: the field shows what is typed (79
characters typed blind cannot be checked against the sheet), a key that is not 64 hex digits is
said here, and a key that does not open the file is asked again with the reason above it. When
the keychain's key does not open the file (a restore from another computer, a new office at the
same path) it is asked too, saying so; the key that opens the file replaces the kept one. A
backup that the office's key does not open (made before the recovery key was replaced, or on
another office) is restored with its own recovery key, asked here too (`backup`)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import tr as _
from db.keystore import parse_key
from ui.colours import set_role
from ui.std_buttons import button_box

SAMPLE = "-".join(["DDDD"] * 16)  # a recovery key's width, to size the field


class RecoveryKeyDialog(QDialog):
    """One field for the recovery key of the database `shown`; `problem` says why it is asked
    again, with the key typed before (`typed`) in the field, to be corrected rather than retyped."""

    def __init__(
        self,
        shown: str,
        problem: str = "",
        typed: str = "",
        parent: QWidget | None = None,
        kept_wrong: bool = False,
        backup: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery key"))
        self.setObjectName("RecoveryKeyDialog")
        if backup:
            said = _(
                "The backup {backup} does not open with this office's recovery key: it was made "
                "before the recovery key was replaced, or on another office (or it is not a "
                "Casedesk backup).\n"
                "Enter that backup's recovery key, the one in use when it was made:",
                backup=backup,
            )
        elif kept_wrong and "://" in shown:  # a server office: its audit trail refused the key
            said = _(
                "The office key this computer kept for {path} does not match its audit trail: "
                "the database may have been restored, or made anew, on the server.\n"
                "Enter this office's recovery key, printed when the database was created:",
                path=shown,
            )
        elif kept_wrong:  # the keychain has a key for this path, and it does not open the file
            said = _(
                "The key this computer kept for {path} does not open it. The file may be a copy "
                "from another computer (a restore), or a new office made at the same path.\n"
                "Enter this office's recovery key, printed when the database was created:",
                path=shown,
            )
        else:
            said = _(
                "No key for {path} on this computer.\nEnter the recovery key printed when the "
                "database was created:",
                path=shown,
            )
        heading = QLabel(said)
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self.key = QLineEdit(typed)
        self.key.setObjectName("recovery_key")
        fixed = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setFont(fixed)
        self.key.setPlaceholderText("XXXX-XXXX-…")
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance(SAMPLE + "MM"))
        note = QLabel(
            _(
                "Sixteen groups of four letters and digits; dashes, spaces and small letters "
                "are fine. Once the backup is restored, the office opens with this key and this "
                "computer keeps it in its keychain; Cancel leaves everything as it was."
            )
            if backup
            else _(
                "Sixteen groups of four letters and digits; dashes, spaces and small letters "
                "are fine. Once it opens the office, it replaces the key this computer kept; "
                "Cancel leaves that key as it was."
            )
            if kept_wrong
            else _(
                "Sixteen groups of four letters and digits; dashes, spaces and small letters "
                "are fine. Once it opens the office, this computer keeps it in its keychain."
            )
        )
        note.setWordWrap(True)
        set_role(note, "muted_555")
        self.error = QLabel(problem)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.setVisible(bool(problem))
        self.key.textChanged.connect(lambda _text: self.error.hide())
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = _("Open the backup") if backup else _("Open")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.error)
        layout.addWidget(self.key)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.key.setFocus()

    def try_accept(self) -> bool:
        """Accept a key of the right form; else say what is wrong and stay open."""
        try:
            parse_key(self.key.text())
        except CasedeskError as error:
            self.error.setText(error.translated())
            self.error.show()
            return False
        self.accept()
        return True

    def value(self) -> str | None:
        """The key typed, or None when the dialog was cancelled."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self.key.text().strip() or None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        shown: str,
        problem: str = "",
        typed: str = "",
        kept_wrong: bool = False,
        backup: str = "",
    ) -> str | None:
        """Run the dialog; the key typed, or None when cancelled."""
        dialog = cls(shown, problem, typed, parent, kept_wrong, backup)
        dialog.exec()
        value = dialog.value()
        dialog.deleteLater()
        return value
