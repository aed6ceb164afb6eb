"""Asks why an admin needs a list exported with full personal data: the reveal dialog's question,
its minimum and its words for a reason too short (app/reasons.py); the core checks it again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from app.i18n import tr as _
from ui.dialogs.base import run_modal
from ui.dialogs.reveal import RevealDialog


class PersonalExportDialog(RevealDialog):
    """A reason of at least MIN_REASON characters for a file of full personal data."""

    def __init__(self, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export with full personal data"))
        self.setObjectName("PersonalExportDialog")
        self.intro.setText(
            _(
                "The file will hold the personal data of everyone in the list “{list}” in full, "
                "unmasked. Why do you need it? Your name and the reason are kept in the audit "
                "log and written into the file.",
                list=title,
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Choose the file…"))

    @classmethod
    def ask_reason(cls, parent: QWidget | None, title: str) -> str | None:
        """Run the dialog for the list named `title`; the reason, or None when cancelled."""
        dialog = cls(parent, title)
        dialog.reason.setFocus()
        return run_modal(dialog, lambda: dialog.reason_text)
