"""Help ▸ About Casedesk: the version, what it runs on, the database and the office, and a
"Copy details" button for a support request (the rows come from app/about.py, which
`casedesk about` prints too)."""

from __future__ import annotations

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.about import PRODUCT, OfficeFacts, as_text, details, office_facts, tagline
from app.i18n import tr as _
from db.store import Database
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box


def facts(database: Database) -> OfficeFacts:
    """The office and its rule set, read in a session of its own."""
    with database.sessions() as session:
        return office_facts(session)


class AboutDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Casedesk"))
        self.rows = details(database.shown, facts(database), qt=qVersion())
        layout = QVBoxLayout(self)
        title = QLabel(f"{PRODUCT} {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        line = QLabel(tagline())
        line.setWordWrap(True)
        layout.addWidget(line)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for label, value in self.rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(_("{name}:", name=label), shown)
            self.values[label] = shown
        layout.addLayout(form)
        self.copied = QLabel("")
        layout.addWidget(self.copied)
        buttons = button_box(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("Copy details"))
        self.copy_button.setToolTip(_("Puts these details on the clipboard, for a support request"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.licences_button = QPushButton(_("Third-party licences…"))
        buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_on_screen(self, 560, 420)

    def text(self) -> str:
        return as_text(self.rows)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copied.setText(_("Copied to the clipboard."))
