"""The recovery key shown once, to print or copy: the first-run wizard's last page and the New
recovery key dialog show it the same way (two lines of eight groups, Print…, Copy)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from ui.colours import set_role
from ui.focus import focus_returns


class RecoverySheet(QWidget):
    """The key in a framed label, Print… and Copy. `office()` and `printed_on()` are asked when
    the sheet is printed (the wizard's office name may still change)."""

    def __init__(
        self,
        recovery: str,
        office: Callable[[], str],
        database: str,
        printed_on: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.office, self.database, self.printed_on = office, database, printed_on
        groups = recovery.split("-")
        # Two lines of eight groups: easy to copy by hand, never broken inside a group.
        self.key = QLabel("-".join(groups[:8]) + "-\n" + "-".join(groups[8:]))
        self.key.setObjectName("recovery_key")
        fixed = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        fixed.setPointSizeF(fixed.pointSizeF() * 1.25)
        self.key.setFont(fixed)
        self.key.setWordWrap(True)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.key, "key_box")
        # Both lines whole in any layout (a wrapped label's height-for-width came out one line
        # high in a dialog that grew after it was shown).
        self.key.setMinimumHeight(self.key.fontMetrics().lineSpacing() * 2 + 24)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_dialog)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copied, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addLayout(buttons)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.recovery)
        self.copied.setText(_("Copied."))

    def document(self) -> QTextDocument:
        """The printed sheet: office, database, date, the key, what to do with it."""
        rows = (
            (_("Office"), self.office()),
            (_("Database"), self.database),
            (_("Printed on"), self.printed_on().isoformat()),
        )
        lines = "<br>".join(html.escape(_("{name}: {value}", name=n, value=v)) for n, v in rows)
        warning = _("Keep this sheet locked away. Anyone with it and the file can read every case.")
        body = (
            f"<h2>{html.escape(_('Casedesk recovery key'))}</h2>"
            f"<p>{lines}</p>"
            f"<p style='font-family: monospace; font-size: 14pt'><b>{self.recovery}</b></p>"
            f"<p>{html.escape(warning)}</p>"
        )
        document = QTextDocument()
        document.setHtml(body)
        return document

    def print_to(self, printer: QPrinter) -> None:
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        self.document().print_(printer)

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        with focus_returns(self):  # the keyboard back on this sheet (ui/focus.py)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            self.print_to(printer)
