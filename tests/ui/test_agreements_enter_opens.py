"""Found by QA walking the Agreements page from the keyboard: Enter on the list did nothing (nor a
double-click); the agreement opened only from Print / preview…, a Tab journey away. Enter on a
row now opens its agreement in the preview, and the keys are back on the list when it closes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_agreements_page_qa import agent_draft, supervisor_page
from tests.ui.test_queue import grab, open_office
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_enter_on_a_row_opens_its_agreement(qtbot, database, lang, screenshot_dir) -> None:
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    number, agreement_id = agent_draft(database)
    window, page = supervisor_page(qtbot, database, agreement_id)
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=2000)
    seen: list[tuple[str, str]] = []

    def look(dialog: PdfPreviewDialog) -> None:
        seen.append((dialog.windowTitle(), dialog.pages.text()))
        qtbot.wait(300)  # the view renders its pages after it shows: the picture, not a blank
        grab(dialog, screenshot_dir / f"agreements_enter_preview_{lang}.png")
        dialog.accept()

    stop = when_modal(PdfPreviewDialog, look)
    try:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    finally:
        stop()
    assert len(seen) == 1 and number in seen[0][0], seen
    assert page.selected_number() == number
    # The keys are back on the list once the window is active again.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=2000)
    # A double-click on another row opens that one.
    other = next(r for r in range(page.model.rowCount()) if page._number_at(r) != number)
    other_number = page._number_at(other)
    stop = when_modal(PdfPreviewDialog, look)
    try:
        rect = page.table.visualRect(page.model.index(other, 0))
        viewport, left, at = page.table.viewport(), Qt.MouseButton.LeftButton, rect.center()
        qtbot.mouseClick(viewport, left, pos=at)  # a double-click's first press, as a hand's
        qtbot.mouseDClick(viewport, left, pos=at)
    finally:
        stop()
    assert len(seen) == 2 and other_number in seen[1][0], seen
    assert page.selected_number() == other_number
