"""The Qt binding keeps Python's books: PySide6 6.12.0 lost a reference to None on most Qt calls
that return nothing (QLabel.setText, QTableWidget.setItem, processEvents …); on Python 3.11, whose
None is not immortal, the window then aborted with "deallocating None" after some thousands of
them — a case page reloaded about 160 times. pyproject.toml keeps PySide6 below 6.12."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QTableWidgetItem

pytestmark = pytest.mark.gui
CALLS = 1_000  # far fewer than None's references at start (about 5,000): a leak shows, no abort


def test_qt_calls_that_return_nothing_keep_nones_references(qtbot, qapp: QApplication) -> None:
    label = QLabel()
    table = QTableWidget(10, 10)
    qtbot.addWidget(label)
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for n in range(CALLS):
        label.setText(str(n))
        table.setItem(n % 10, n // 100, QTableWidgetItem(str(n)))
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"{lost} references to None lost in {CALLS} Qt calls"
