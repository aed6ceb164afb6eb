"""Asks why a supervisor needs to see a borrower's personal data in full (kept in the audit log)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from app.id_labels import id_label
from app.reasons import MIN_REASON, short_reason
from ui.dialogs.base import FormDialog, ok_cancel, run_modal

# What can be revealed → its name in the dialog's question (the ID number's: app.id_labels).
WHAT = {
    "phones": "the phone numbers",
    "addresses": "the addresses",
}


class RevealDialog(FormDialog):
    """A reason of at least MIN_REASON characters; a shorter one shows an inline error."""

    def __init__(
        self, parent: QWidget | None = None, what: str = "national_id", country: str = "CN"
    ) -> None:
        super().__init__(parent)
        self.reason_text: str | None = None
        self.setWindowTitle(_("Reveal personal data"))
        self.setObjectName("RevealDialog")
        self.intro = intro = QLabel(
            _(
                "Why do you need to see {what} in full? Your name and the reason are kept "
                "in the audit log.",
                what=_(WHAT.get(what) or id_label(country, "object")),
            )
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(
            _("The reason (at least {count} characters).", count=MIN_REASON)
        )
        self.reason.setFixedHeight(90)
        self.buttons = ok_cancel(self, _("Reveal"), self._accept_typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Reason:")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def _accept_typed(self) -> None:
        self.try_accept(self.reason.toPlainText())

    def try_accept(self, reason: str) -> bool:
        """Accept a long enough reason; otherwise say why and stay open."""
        if self.reason.toPlainText() != reason:
            self.reason.setPlainText(reason)
        reason = reason.strip()
        refusal = short_reason(reason)
        if refusal is not None:  # the core's rule and its words (app/reasons.py)
            self.show_error(refusal.translated())
            self.reason.setFocus()
            return False
        self.error.hide()
        self.reason_text = reason
        self.accept()
        return True

    @classmethod
    def ask(
        cls, parent: QWidget | None, what: str = "national_id", country: str = "CN"
    ) -> str | None:
        """Run the dialog (`country`: the office's, naming its ID number); the reason, or None
        when cancelled."""
        dialog = cls(parent, what, country)
        dialog.reason.setFocus()
        return run_modal(dialog, lambda: dialog.reason_text)
