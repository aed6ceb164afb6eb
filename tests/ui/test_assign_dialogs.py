"""The two assignment dialogs: an agent for the selected cases, or a rule for the unassigned."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.i18n import set_language
from app.queries.cases import AgentChoice
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import AssignDialog, AssignRuleDialog

AGENTS = [
    AgentChoice(1, "agent01", "王芳", True, True),
    AgentChoice(2, "agent02", "李强", True, False),
    AgentChoice(3, "agent03", "张伟", False, False),
]


def _press(kind: type, button: QDialogButtonBox.StandardButton, after=None) -> None:
    """Once the modal dialog of `kind` is up: `after(dialog)`, then press `button` on it."""

    def press(dialog: QDialog) -> None:
        if after is not None:
            after(dialog)
        dialog.findChild(QDialogButtonBox).button(button).click()

    when_modal(kind, press)


def test_choose_an_agent_or_cancel(qtbot) -> None:
    _press(AssignDialog, QDialogButtonBox.StandardButton.Ok, lambda d: d.agent.setCurrentIndex(2))
    assert AssignDialog.choose(None, AGENTS, 4) == "agent03"
    _press(AssignDialog, QDialogButtonBox.StandardButton.Cancel)
    assert AssignDialog.choose(None, AGENTS, 4) is None
    dialog = AssignDialog(AGENTS, 4)
    qtbot.addWidget(dialog)
    texts = [dialog.agent.itemText(i) for i in range(dialog.agent.count())]
    assert texts == [
        "王芳 (agent01)",
        "李强 (agent02) — no field work",
        "张伟 (agent03) — training lapsed",
    ]
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Assign"


def test_choose_a_rule_and_bucket_in_chinese(qtbot) -> None:
    set_language("zh_CN")
    try:
        _press(
            AssignRuleDialog,
            QDialogButtonBox.StandardButton.Ok,
            lambda d: (d.rule.setCurrentIndex(1), d.bucket.setCurrentIndex(2)),
        )
        assert AssignRuleDialog.choose(None) == ("capacity", "M2")
        dialog = AssignRuleDialog()
        qtbot.addWidget(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        assert dialog.bucket.itemText(0) != "All buckets"
    finally:
        set_language("en")
