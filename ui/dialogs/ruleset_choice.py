"""Rules › Use rule set…: which shipped rule set every check uses. A rule set whose file has a
mistake (and no version of it stored) is listed but cannot be chosen, its reason said under the
list; the others stay offered (found by QA: one broken file stopped the choice of every one)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.compliance.choices import RuleSetChoice
from app.i18n import tr as _
from ui.colours import set_role
from ui.focus import focus_returns
from ui.std_buttons import button_box
from ui.widgets import ERROR_ROLE


class RuleSetChoiceDialog(QDialog):
    """The shipped rule sets in a list, the ones that cannot be chosen greyed out and explained."""

    def __init__(
        self, choices: list[RuleSetChoice], current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setWindowTitle(_("Use rule set"))
        self.resize(560, 0)
        self.combo = QComboBox()
        model = self.combo.model()
        assert isinstance(model, QStandardItemModel)
        for n, choice in enumerate(choices):
            self.combo.addItem(choice.text() if not choice.problem else choice.code.upper(),
                               choice.code)  # fmt: skip
            if choice.problem:
                item = model.item(n)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(choice.problem)
        usable = [n for n, c in enumerate(choices) if not c.problem]
        chosen = next((n for n in usable if choices[n].code == current), usable[0] if usable else 0)
        self.combo.setCurrentIndex(chosen)
        self.reasons = QLabel("\n".join(c.text() for c in choices if c.problem))
        self.reasons.setWordWrap(True)
        set_role(self.reasons, ERROR_ROLE)
        self.reasons.setVisible(any(c.problem for c in choices))
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(usable))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Rule set for every check:")))
        layout.addWidget(self.combo)
        layout.addWidget(self.reasons)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        """The code of the rule set chosen ("us")."""
        return str(self.combo.currentData())

    @classmethod
    def choose(cls, parent: QWidget | None, choices: list[RuleSetChoice], current: str) -> str:
        """Show the dialog; the code chosen, or "" when cancelled."""
        dialog = cls(choices, current, parent)
        with focus_returns(parent):  # the keys back where they were (ui/focus.py)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen() if accepted else ""
