"""The Compliance log's tooltips, cell by cell: each cell's is its own text in full (the rules with
their citations, the reasons, the override reason), the first column's explains the whole row
(QA: every cell of a row had the row's tooltip); a tooltip that only repeats a cell's text shows
when that text is elided. Real widgets on the demo office, as a supervisor at 1366 pixels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolTip

from app.labels import rule_names
from tests.conftest import TEST_KEY
from tests.ui.test_compliance_log_widths import _window
from ui.pages.compliance_log import (
    OVERRIDE_REASON_COLUMN,
    REASONS_COLUMN,
    ROW_TIP_COLUMN,
    RULES_COLUMN,
    row_tooltip,
)

pytestmark = pytest.mark.gui
TIP = Qt.ItemDataRole.ToolTipRole
CASE_COLUMN = 1


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator[Any]:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


@pytest.fixture
def forget_tables() -> Iterator[None]:
    """The saved table states go with the test (tests/ui/test_compliance_log_widths.py)."""
    from ui.table_state import PREFIX, settings

    yield
    store = settings()
    store.remove(PREFIX)
    store.sync()


def _tip(page: Any, row: int, column: int) -> Any:
    return page.model.data(page.model.index(row, column), TIP)


def test_each_cell_of_a_row_has_its_own_tooltip(qtbot, database, forget_tables, screenshot_dir):
    window = _window(qtbot, database, 1366)
    page = window.compliance_log
    rows = page.rows()
    n = next(i for i, r in enumerate(rows) if r.override_reason and r.reasons and r.citations)
    row = rows[n]
    reasons, override = _tip(page, n, REASONS_COLUMN), _tip(page, n, OVERRIDE_REASON_COLUMN)
    assert reasons == row.reasons and override == row.override_reason
    rules = _tip(page, n, RULES_COLUMN).splitlines()
    assert rules[0] == rule_names(row.rules)  # the names in full, then their citations
    assert rules[1:] == [f"Citation: {c}" for c in row.citations]
    assert _tip(page, n, CASE_COLUMN) == row.case_no
    first = _tip(page, n, ROW_TIP_COLUMN)  # the row explained: rules, reasons, override
    assert first == row_tooltip(row) and row.reasons in first and row.override_reason in first
    tips = [first, "\n".join(rules), reasons, override, row.case_no]
    assert len(set(tips)) == len(tips)
    empty = next(i for i, r in enumerate(rows) if not r.override_reason)
    assert _tip(page, empty, OVERRIDE_REASON_COLUMN) is None  # nothing to show
    assert window.grab().save(str(screenshot_dir / "compliance_log_tips_1366.png"))


def _hover(table: Any, row: int, column: int) -> None:
    """A tooltip event over the cell, as the mouse resting on it sends."""
    centre = table.visualRect(table.model().index(row, column)).center()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, table.viewport().mapToGlobal(centre))
    QApplication.sendEvent(table.viewport(), event)


def test_a_tooltip_repeating_the_text_shows_only_when_it_is_elided(qtbot, database, forget_tables):
    window = _window(qtbot, database, 1366)
    page = window.compliance_log
    table, rows = page.table, page.rows()
    metrics = table.fontMetrics()
    width = table.columnWidth(REASONS_COLUMN)
    n = next(i for i, r in enumerate(rows) if metrics.horizontalAdvance(r.reasons) > width)
    delegate = table.itemDelegate()

    def shows(column: int) -> bool:
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        index = page.model.index(n, column)
        option.rect = table.visualRect(index)
        return delegate.shows_tip(option, index)

    assert shows(REASONS_COLUMN)  # cut short: its whole text
    assert not shows(CASE_COLUMN)  # it fits: nothing to add
    assert shows(ROW_TIP_COLUMN)  # the row's explanation says more than the time
    _hover(table, n, REASONS_COLUMN)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == rows[n].reasons
    _hover(table, n, CASE_COLUMN)
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    _hover(table, n, ROW_TIP_COLUMN)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == row_tooltip(rows[n])
    QToolTip.hideText()
