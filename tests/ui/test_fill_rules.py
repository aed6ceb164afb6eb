"""Refreshing the Rules page (after every rule-set change) refills both tables in place: the rows
and the fitting columns are measured a few times per refresh, not once per cell set (QA: that
was most of a refresh's time); the selected rule stays selected, and a rule switched off stays
grey, with its tooltips and its id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.auth import authenticate
from tests.conftest import TEST_KEY
from tests.ui.cells import cell_alignment, cell_foreground, cell_tip
from ui.table_fill import cell_text
from ui.widgets import DetailTable

pytestmark = pytest.mark.gui


class MeasuredTable(DetailTable):
    """A DetailTable that counts how often a column's or a row's contents are measured."""

    measured = 0

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 (Qt override)
        MeasuredTable.measured += 1
        return super().sizeHintForColumn(column)

    def sizeHintForRow(self, row: int) -> int:  # noqa: N802 (Qt override)
        MeasuredTable.measured += 1
        return super().sizeHintForRow(row)


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _page(qtbot, database, monkeypatch):  # type: ignore[no-untyped-def]
    from ui.pages import rules
    from ui.signals import ChangeHub

    monkeypatch.setattr(rules, "DetailTable", MeasuredTable)
    page = rules.RulesPage(database, ChangeHub(), authenticate(database.sessions, "admin", "demo"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_refresh_measures_the_rules_a_few_times_not_per_cell(
    qtbot, database, monkeypatch
) -> None:
    page = _page(qtbot, database, monkeypatch)
    assert isinstance(page.rules, MeasuredTable) and page.rules.rowCount() > 15
    page.select_rule("third_party_disclosure")
    qtbot.wait(10)
    MeasuredTable.measured = 0
    page.refresh()
    # Before, each of the rules' cells set measured its row and the fitting columns over all the
    # rows: 2,800 times for 21 rules. Now once per row and a few times per column.
    assert MeasuredTable.measured <= 2 * (page.rules.rowCount() + page.rules.columnCount())
    assert page.selected_rule() == "third_party_disclosure"
    assert page.rules.currentRow() == page.rule_ids().index("third_party_disclosure")


def test_a_rule_switched_off_stays_grey_with_its_tooltips_after_a_refresh(
    qtbot, database, monkeypatch
) -> None:
    from ui.dialogs.rule_edit import RuleEditDialog
    from ui.pages import rules

    page = _page(qtbot, database, monkeypatch)

    def switch_off(parent, db, user, rule_id: str) -> bool:
        """The dialog as a person fills it in: Rule enabled unticked, then Save."""
        editor = RuleEditDialog(db, user, rule_id, parent)
        qtbot.addWidget(editor)
        editor.enabled.setChecked(False)
        return editor.try_save()

    monkeypatch.setattr(RuleEditDialog, "edit", staticmethod(switch_off))
    page.select_rule("quiet_hours")
    assert page.change_rule()
    row = page.rule_ids().index("quiet_hours")
    assert page.selected_rule() == "quiet_hours"
    assert cell_text(page.rules, row, 3) == "No"
    grey = cell_foreground(page.rules, row, 0).color()
    assert grey == Qt.GlobalColor.gray
    assert all(cell_foreground(page.rules, row, c).color() == grey for c in range(6))
    on = page.rule_ids().index("daily_conversation_cap")
    assert cell_foreground(page.rules, on, 0).color() != grey
    assert cell_tip(page.rules, on, 1) == cell_text(page.rules, on, 1)
    citation = cell_text(page.rules, on, rules.CITATION_COLUMN)
    assert cell_tip(page.rules, on, rules.CITATION_COLUMN) == f"Citation: {citation}"
    assert cell_alignment(page.rules, on, 0) & Qt.AlignmentFlag.AlignTop.value
    assert cell_text(page.versions, 0, 4) == "Yes" and page.versions.rowCount() == 2
