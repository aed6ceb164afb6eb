"""A case opened from a list with the keyboard — Enter on the work queue, on the case page's
Opened lately — gives the keys to its timeline, where the case's story is: Down walks its events.
They landed in the case-number box above it (Qt's next stop once the list was hidden), where Down
did nothing and a letter typed edited the number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_keyboard_day import activate
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_enter_on_a_list_gives_the_keys_to_the_case_timeline(
    qtbot, database, screenshot_dir
) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    queue, page = window.queue, window.cases
    queue.table.setCurrentIndex(queue.model.index(0, 0))
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    assert page.detail is not None and page.detail.id == queue.model.id_at(0)
    assert QApplication.focusWidget() is page.timeline
    before = page.timeline.currentRow()
    qtbot.keyClick(page.timeline, Qt.Key.Key_Down)
    assert page.timeline.currentRow() != before  # the keys walk the case's events
    assert page.case_no.text() == page.detail.case_no  # the number box is left as it was
    grab(window, screenshot_dir / "case_keys_on_timeline.png")

    # The case-number box still keeps the keys when it is where a number was typed.
    page.case_no.setFocus()
    page.case_no.setText(queue.model.data(queue.model.index(1, 0)))
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    assert page.detail.id == queue.model.id_at(1)
    assert QApplication.focusWidget() is page.case_no

    # The case page's own list of cases opened lately: Enter there gives the keys to the case.
    fresh = window_for(qtbot, database, "agent01")
    activate(qtbot, fresh)
    fresh.show_page(fresh.cases)
    start = fresh.cases.start
    assert start.isVisible() and start.table.rowCount() >= 1
    start.table.setFocus()
    start.table.setCurrentCell(0, 0)
    qtbot.keyClick(start.table, Qt.Key.Key_Return)
    assert fresh.cases.detail is not None
    assert QApplication.focusWidget() is fresh.cases.timeline
