"""The Backups dialog's confirmation of a restore, shown inline below the list: what the backup
holds and what restoring it does, a warning when it may be another office's or its audit trail
does not verify (app/restore_checks.py), and Cancel beside the button that replaces the office."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import tr as _
from ui.colours import set_role

WARNING_ROLE = "warning_banner"


class RestoreConfirm(QGroupBox):
    """The text, the warning (hidden when there is none) and the two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Restore this backup?"), parent)
        self.setObjectName("confirm_restore")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("restore_warning")
        self.warning.setWordWrap(True)
        set_role(self.warning, WARNING_ROLE)
        self.warning.hide()
        self.confirm_button = QPushButton(_("Replace the database with this backup"))
        self.confirm_button.setAutoDefault(False)  # Enter never replaces the database
        self.cancel_button = QPushButton(_("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()

    def show_for(self, lines: list[str], warnings: list[str]) -> None:
        """Show what the backup holds (`lines`) under the `warnings`, if any."""
        self.text.setText("\n".join(lines))
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        self.show()
