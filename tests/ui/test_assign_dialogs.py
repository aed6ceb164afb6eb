"""The two assignment dialogs: an agent for the selected cases (or back to the queue), or a rule
for the unassigned cases or for one agent's."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.i18n import set_language
from app.queries.cases import AgentChoice
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import BACK_TO_QUEUE, AssignDialog, AssignRuleDialog

AGENTS = [
    AgentChoice(1, "agent01", "王芳", True, True, open_cases=1),
    AgentChoice(2, "agent02", "李强", True, False, open_cases=453),
    AgentChoice(3, "agent03", "张伟", False, False, open_cases=1_250),
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
    # Each with the open cases they hold (QA took an agent from 453 to 2,191 unawares).
    assert texts == [
        "王芳 (agent01) — 1 open case",
        "李强 (agent02) — 453 open cases, no field work",
        "张伟 (agent03) — 1,250 open cases, training lapsed",
        "",  # the separator
        "Back to the queue (unassigned)",
    ]
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Assign"


def test_the_agents_load_and_the_capacity_in_chinese(qtbot) -> None:
    set_language("zh_CN")
    try:
        dialog = AssignDialog(AGENTS, 4, capacity=400)
        qtbot.addWidget(dialog)
        texts = [dialog.agent.itemText(i) for i in range(dialog.agent.count())]
        capacity = dialog.capacity.text()
    finally:
        set_language("en")
    assert texts[:3] == [
        "王芳（agent01）——未结案件 1 个",
        "李强（agent02）——未结案件 453 个，不可上门",
        "张伟（agent03）——未结案件 1,250 个，培训已过期",
    ]
    assert capacity.startswith("本营业部每位催收员的未结案件上限为 400 个")


def test_choose_a_rule_and_bucket_in_chinese(qtbot) -> None:
    set_language("zh_CN")
    try:
        _press(
            AssignRuleDialog,
            QDialogButtonBox.StandardButton.Ok,
            lambda d: (d.rule.setCurrentIndex(1), d.bucket.setCurrentIndex(2)),
        )
        assert AssignRuleDialog.choose(None) == ("capacity", "M2", None)
        dialog = AssignRuleDialog()
        qtbot.addWidget(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        assert dialog.bucket.itemText(0) != "All buckets"
    finally:
        set_language("en")


def test_back_to_the_queue_and_the_holder_not_offered(qtbot) -> None:
    """Found by QA: the dialog had no way to hand cases back, and offered the agent who already
    held every selected case."""
    _press(
        AssignDialog,
        QDialogButtonBox.StandardButton.Ok,
        lambda d: d.agent.setCurrentIndex(d.agent.count() - 1),
    )
    assert AssignDialog.choose(None, AGENTS, 2) == BACK_TO_QUEUE
    dialog = AssignDialog(AGENTS, 2, holder=2)
    qtbot.addWidget(dialog)
    offered = [dialog.agent.itemData(i) for i in range(dialog.agent.count())]
    assert offered == ["agent01", "agent03", None, BACK_TO_QUEUE]
    dialog = AssignDialog(AGENTS, 2, unheld=True)  # none of them has an agent: nothing to hand back
    qtbot.addWidget(dialog)
    offered = [dialog.agent.itemData(i) for i in range(dialog.agent.count())]
    assert offered == ["agent01", "agent02", "agent03"]


def test_by_rule_takes_one_agents_cases_and_names_them(qtbot) -> None:
    dialog = AssignRuleDialog(None, AGENTS)
    qtbot.addWidget(dialog)
    assert dialog.cases_of.currentData() is None  # as before: the unassigned cases
    assert dialog.cases_of.itemText(0) == "Unassigned cases"
    assert "Unassigned open cases" in dialog.note.text()
    dialog.cases_of.setCurrentIndex(dialog.cases_of.findData("agent02"))
    assert "李强's open cases are placed" in dialog.note.text()
    assert "never back to 李强" in dialog.note.text()
    _press(
        AssignRuleDialog,
        QDialogButtonBox.StandardButton.Ok,
        lambda d: d.cases_of.setCurrentIndex(d.cases_of.findData("agent02")),
    )
    assert AssignRuleDialog.choose(None, AGENTS) == ("round-robin", None, "agent02")


def test_the_only_agent_holding_the_cases_leaves_back_to_the_queue(qtbot) -> None:
    _press(AssignDialog, QDialogButtonBox.StandardButton.Ok)
    assert AssignDialog.choose(None, AGENTS[:1], 2, holder=1) == BACK_TO_QUEUE
