"""Change one rule of the rule set in force: on/off, severity and its parameters (admin only).

Every save is a new rule set version; the core validates the values and refuses bad ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.compliance.rule_params import (
    FIXED_SEVERITY,
    MINIMUM,
    PARAMS,
    RETENTION_FROM,
    SCRIPTS,
)
from app.compliance.ruleset import active_ruleset, change_parameters
from app.errors import CasedeskError
from app.i18n import current_language
from app.i18n import tr as _
from app.labels import CHANNEL, PARTY, RULE, RULE_SEVERITY, capital, label
from app.models import User
from app.queries.rules import (
    PARAM_NAMES,
    RETENTION_FROM_WORDS,
    SCRIPT_WORDS,
    described,
    format_value,
    rule_params,
)
from db.store import Database
from ui.colours import set_role
from ui.discard import AsksBeforeDiscard
from ui.focus import focus_returns
from ui.std_buttons import button_box
from ui.widgets import ERROR_ROLE, title_label

# The form's labels: the parameters' names as the Rules page reads them, with what to type where
# the input is free text (the id is in the tooltip).
PARAM_LABELS = PARAM_NAMES | {
    "start": "Quiet from (HH:MM)",
    "end": "Quiet until (HH:MM)",
    "country": "Country code (holidays)",
}


# The list parameters' choices, ticked one by one: the core knows no other values.
CHOICES = {"channels": CHANNEL, "parties": PARTY}


class Ticks(QWidget):
    """A tick box for each channel or party, in the reader's words; `value()` lists the ticked
    codes in the choices' order."""

    def __init__(self, words: dict[str, str], ticked: list[str]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for code in words:
            box = QCheckBox(capital(label(words, code)))
            box.setChecked(code in ticked)
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]


def _input(kind: str, value: Any, least: int = 0) -> QWidget:
    """One input for a parameter of this kind, holding `value` (a count from `least`, the core's
    own least value: app.compliance.rule_params.MINIMUM)."""
    if kind in CHOICES:
        return Ticks(CHOICES[kind], [str(v) for v in value])
    if kind == "count":
        spin = QSpinBox()
        spin.setRange(least, 9999)
        spin.setValue(int(value))
        return spin
    if kind == "bool":
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if kind in ("script", "retention_from"):  # one of a fixed few: chosen in words
        combo = QComboBox()
        keys, words = (
            (SCRIPTS, SCRIPT_WORDS) if kind == "script" else (RETENTION_FROM, RETENTION_FROM_WORDS)
        )
        for key in keys:
            combo.addItem(_(words[key]), key)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        return combo
    edit = QLineEdit(format_value(value))
    if kind == "time":
        edit.setPlaceholderText("HH:MM")
    return edit


def _value(kind: str, widget: QWidget) -> Any:
    """The value an input holds, as the core expects it (the core checks it)."""
    if isinstance(widget, Ticks):
        return widget.value()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()


class RuleEditDialog(AsksBeforeDiscard):
    """Edit one rule; `try_save()` stores a new version or shows the core's error inline."""

    def __init__(
        self, database: Database, user: User, rule_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.rule_id = database, user, rule_id
        self.saved_label = ""
        with database.sessions() as session:
            ruleset, _id = active_ruleset(session)
        rule = ruleset.rules[rule_id]
        named = _("{rule} ({rule_id})", rule=label(RULE, rule_id), rule_id=rule_id)
        self.setWindowTitle(_("Change rule {rule}", rule=named))
        self.resize(640, 0)
        # As the Rules page says it: a parameter this office set otherwise is said under the
        # shipped words (found by QA: "22:00 to 08:00" above a field holding 21:00).
        description = QLabel(described(ruleset, rule, current_language()))
        description.setWordWrap(True)
        citation = QLabel(_("Citation: {citation}", citation=rule.citation_in(current_language())))
        citation.setWordWrap(True)
        set_role(citation, "muted_555")
        self.enabled = QCheckBox(_("Rule enabled"))
        self.enabled.setChecked(rule.enabled)
        self.severity = QComboBox()
        for key, msgid in RULE_SEVERITY.items():
            self.severity.addItem(_(msgid), key)
        self.severity.setCurrentIndex(self.severity.findData(rule.severity.name.lower()))
        if rule_id in FIXED_SEVERITY:  # the core refuses another (app.compliance.param_checks)
            self.severity.setEnabled(False)
            self.severity.setToolTip(
                _(
                    "This rule refuses the deletion of every record it still keeps, whatever its "
                    "severity. Turn the rule off to stop keeping records."
                )
            )
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(_("Severity:"), self.severity)
        self.original: dict[str, Any] = {
            "enabled": rule.enabled,
            "severity": rule.severity.name.lower(),
        }
        self.inputs: dict[str, QWidget] = {}
        values = rule_params(rule)
        for name, (kind, _default) in PARAMS[rule_id].items():
            widget = _input(kind, values[name], MINIMUM.get((rule_id, name), 0))
            widget.setToolTip(name)
            self.inputs[name] = widget
            self.original[name] = _value(kind, widget)
            form.addRow(_(PARAM_LABELS.get(name, name)) + _(":"), widget)
        self.error = QLabel()
        set_role(self.error, ERROR_ROLE)
        self.error.setWordWrap(True)
        buttons = button_box(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save as a new version"))
        buttons.accepted.connect(lambda: self.try_save())
        buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(named))
        layout.addWidget(description)
        layout.addWidget(citation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @classmethod
    def edit(cls, parent: QWidget | None, database: Database, user: User, rule_id: str) -> bool:
        """Show the dialog; True when a new version was stored."""
        dialog = cls(database, user, rule_id, parent)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            return dialog.exec() == QDialog.DialogCode.Accepted

    def values(self) -> dict[str, Any]:
        """Everything the form holds: enabled, severity and each parameter."""
        found: dict[str, Any] = {
            "enabled": self.enabled.isChecked(),
            "severity": self.severity.currentData(),
        }
        for name, (kind, _default) in PARAMS[self.rule_id].items():
            found[name] = _value(kind, self.inputs[name])
        return found

    def changes(self) -> dict[str, Any]:
        """Only what differs from the rule as it was opened."""
        return {k: v for k, v in self.values().items() if self.original.get(k) != v}

    def try_save(self) -> bool:
        """Store the changes as a new version (accepting the dialog); errors show inline."""
        try:
            with self.database.session(write_lock=True) as session:
                me = session.get(User, self.user.id)
                assert me is not None
                row = change_parameters(session, me, self.rule_id, self.changes())
                self.saved_label = row.label
        except CasedeskError as error:
            self.error.setText(error.translated())
            return False
        self.error.clear()
        self.accept()
        return True
