"""The verdict panel's findings scroll only past half the screen (many findings, text at 150 %);
then Tab stops on them and the keys scroll them, so that a keyboard user can read every one.
Before, they took no focus at all: the findings past the fold could only be reached by mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from app.compliance.model import Finding, Severity, Verdict
from ui.dialogs.override import VerdictPanel

pytestmark = pytest.mark.gui


def _finding(n: int) -> Finding:
    return Finding(
        rule=f"rule-{n}",
        severity=Severity.WARNING,
        message="Rule text that explains at some length why this action is flagged.",
        citation=f"Guideline, article {n}",
    )


def _dialog(qtbot, findings: int) -> tuple[QDialog, QLineEdit, VerdictPanel]:
    from ui.app import application

    application()  # the Tab order follows the keyboard
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = QLineEdit()
    panel = VerdictPanel()
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(panel)
    panel.show_verdict(Verdict(tuple(_finding(n) for n in range(findings)), "cn 2026.1"))
    dialog.resize(500, 300)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return dialog, field, panel


def test_findings_that_scroll_take_tab_and_scroll_with_the_keys(qtbot) -> None:
    _dialog_, field, panel = _dialog(qtbot, 40)
    area = panel.findings
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(area.hasFocus)
    assert area.frameShape() != area.Shape.NoFrame  # where the keyboard is, seen
    assert area.accessibleName()
    qtbot.keyClick(area, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(area, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()


def test_findings_that_fit_leave_tab_on_the_form(qtbot) -> None:
    _dialog_, field, panel = _dialog(qtbot, 1)
    area = panel.findings
    assert area.verticalScrollBar().maximum() == 0
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert area.frameShape() == area.Shape.NoFrame


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "No rule was triggered."), ("zh_CN", "未触发任何规则。")]
)
def test_an_allowed_contact_says_no_rule_was_triggered(qtbot, lang, said) -> None:
    """A new agent's walk: the English read "No rule objects.", programmer's words."""
    from PySide6.QtWidgets import QLabel

    from app.i18n import set_language

    set_language(lang)
    try:
        _dialog_, _field, panel = _dialog(qtbot, 0)
        shown = [label.text() for label in panel.findings.findChildren(QLabel)]
        assert any(said in text for text in shown), shown
    finally:
        set_language("en")
