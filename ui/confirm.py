"""The question asked before a change that a stray key must not make (deactivate an account,
switch the rule set, …): Yes or No, where No is both the default button (Enter) and Escape's.
QMessageBox.question's own default is Yes, so Enter pressed twice made the change (found by QA).
Once answered, the keyboard is back where it was (ui/focus.py): asked inside a dialog, No left
the dialog without the keys where no window manager hands the activation back."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import tr as _
from ui import std_buttons
from ui.focus import focus_returns

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def ask_first(parent: QWidget | None, title: str, text: str) -> bool:
    """True only when the user chose Yes; Enter, Escape and closing the box say No."""
    with focus_returns(parent):
        return std_buttons.question(parent, title, text, YES | NO, NO) == YES


def ask_ruleset_switch(parent: QWidget | None, code: str, current: str | None = None) -> bool:
    """Whether to switch the office to `code`'s rule set: asked the same on the Rules page (Use
    rule set…) and in Settings; True without asking when `code` is the `current` one."""
    if code == current:
        return True
    return ask_first(
        parent,
        _("Use rule set"),
        _(
            "Switch to the {code} rule set? Every check from now on uses its rules.",
            code=code.upper(),
        ),
    )
