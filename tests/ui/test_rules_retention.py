"""Records retention on the Rules page (demo office, real widgets): the admin reads how many closed
cases are past their retention, and the count follows an edit of the rule made in its dialog
(years as a number, "counted from" chosen in words); a supervisor reads the line too, an agent
sees none; the rule and
the line in English and Chinese (screenshots)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox

from app.i18n import set_language
from app.retention import past_retention
from tests.ui.test_rules_page import database, grab, window_for
from ui.table_fill import cell_text

__all__ = ["database"]


def _past(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return len(past_retention(s).cases)


def _cases_are(count: int) -> str:
    """ "1 closed case is" or "N closed cases are": one case on some build days of the demo."""
    return "1 closed case is" if count == 1 else f"{count} closed cases are"


def _their(count: int) -> str:
    return "its" if count == 1 else "their"


def test_the_admin_reads_the_count_and_it_follows_an_edit(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.rule_edit import RuleEditDialog

    window = window_for(qtbot, database)
    page = window.rules
    before = _past(database)
    assert before > 0  # the demo's oldest closed cases
    line = page.retention
    assert line.isVisible()
    assert line.text().startswith(
        f"{_cases_are(before)} past {_their(before)} records retention (2 "
    )
    assert (
        "Records retention (CN 2026.7)" in line.text() and 'href="show">Show them…' in line.text()
    )
    assert "PIPL Art. 19" in line.toolTip()
    page.show_rule("records_retention")
    row = page.rule_ids().index("records_retention")
    assert cell_text(page.rules, row, 4) == (
        "Years kept: 2 · Counted from: The case's last collection activity"
    )
    grab(window, Path(screenshot_dir) / "rules_retention.png")
    dialog = RuleEditDialog(database, page.user, "records_retention", page)
    qtbot.addWidget(dialog)
    years, counted = dialog.inputs["years"], dialog.inputs["counted_from"]
    assert isinstance(years, QSpinBox) and years.minimum() == 1 and years.value() == 2
    assert isinstance(counted, QComboBox)
    assert [counted.itemText(i) for i in range(counted.count())] == [
        "The case's last collection activity",
        "The case's closure",
    ]
    # A deletion of a kept record is refused whatever the severity: not offered (the core
    # refuses another, tests/core/test_records_retention_severity.py).
    assert not dialog.severity.isEnabled() and dialog.severity.currentData() == "blocked"
    assert dialog.severity.toolTip().startswith("This rule refuses the deletion of every record")
    other = RuleEditDialog(database, page.user, "quiet_hours", page)
    qtbot.addWidget(other)
    assert other.severity.isEnabled() and not other.severity.toolTip()
    years.setValue(1)
    grab(dialog, Path(screenshot_dir) / "rules_retention_edit.png")
    assert dialog.try_save()
    page.rule_changed()
    after = _past(database)
    assert after > before  # a shorter period: more cases past it
    assert line.text().startswith(f"{after} closed cases are past their records retention (1 ")


def test_the_link_lists_the_cases_and_one_opens(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    """The line's "Show them…" lists the cases (as `casedesk rules retention` does); a
    double-click opens the case, as a dashboard list's does."""
    window = window_for(qtbot, database, "supervisor")
    with database.sessions() as s:
        cases = past_retention(s).cases
    line = window.rules.retention
    assert line.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    line.linkActivated.emit("show")  # a click on the link
    dialog = line.list_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Closed cases past their records retention"
    assert [cell_text(dialog.table, r, 0) for r in range(dialog.table.rowCount())] == [
        c.case_no for c in cases
    ]
    assert cell_text(dialog.table, 0, 3) == cases[0].kept_until.isoformat()
    assert dialog.count.text().endswith("Casedesk deletes none of them.")
    grab(dialog, Path(screenshot_dir) / "rules_retention_list.png")
    dialog.open_row(0)
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail is not None and window.cases.detail.case_no == cases[0].case_no


def test_a_supervisor_reads_the_line_and_an_agent_sees_none(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database, "supervisor")
    count = _past(database)
    assert window.rules.retention.isVisible() and not window.rules.editing
    assert window.rules.retention.text().startswith(f"{_cases_are(count)} past {_their(count)}")
    agent = window_for(qtbot, database, "agent01")
    assert not agent.rules.retention.isVisible() and agent.rules.retention.text() == ""


def test_the_line_and_the_rule_in_chinese(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.rule_edit import RuleEditDialog

    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.rules
        text = page.retention.text()
        assert "个已结案件已过记录保存期限（自案件最后一次催收活动起 2 年；记录保存期限" in text
        page.show_rule("records_retention")
        row = page.rule_ids().index("records_retention")
        assert cell_text(page.rules, row, 0).startswith("记录保存期限")
        assert "《个人信息保护法》第 19 条" in cell_text(page.rules, row, 5)
        grab(window, Path(screenshot_dir) / "rules_retention_zh_CN.png")
        dialog = RuleEditDialog(database, page.user, "records_retention", page)
        qtbot.addWidget(dialog)
        assert dialog.inputs["counted_from"].currentText() == "案件最后一次催收活动"
        assert not dialog.severity.isEnabled() and dialog.severity.currentText() == "禁止"
        assert dialog.severity.toolTip().startswith("本规则拒绝删除其仍在保存期内的任何记录")
        grab(dialog, Path(screenshot_dir) / "rules_retention_edit_zh_CN.png")
    finally:
        set_language("en")
