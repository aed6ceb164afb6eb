"""The Reports page's fields that come with a report (the visit sheet's Day and Whose sheet, the
portfolio's and roster's As of) have their Alt+letters as soon as they show. Found by QA walking a
month end in Chinese: with the report chosen from the keyboard, "日期：" and "谁的日程表：" showed
without "(D)" and "(W)", and Alt+D did nothing, until the focus moved to another field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.reporting.generated import ROSTER, VISIT_SHEET
from tests.ui.test_queue import grab, open_office, window_for
from ui.mnemonic_text import mnemonic

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_fields_a_report_brings_have_their_letters_at_once(
    qtbot, database, lang, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setFocus()  # the report is chosen from the keyboard: the focus stays on the box
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.kind, timeout=2000)
    brought = ((VISIT_SHEET, (page.sheet.day, page.sheet.whose)), (ROSTER, (page.as_of,)))
    for kind, fields in brought:
        page.kind.setCurrentIndex(page.kind.findData(kind))
        for field in fields:
            label = page.form.labelForField(field)
            letter = mnemonic(label.text())
            assert letter is not None, label.text()
            QTest.keyClick(window, letter, Qt.KeyboardModifier.AltModifier)
            assert QApplication.focusWidget() in (field, field.focusProxy()), label.text()
            page.kind.setFocus()
    page.kind.setCurrentIndex(page.kind.findData(VISIT_SHEET))
    grab(window, screenshot_dir / f"reports_visit_sheet_letters_{lang}.png")
