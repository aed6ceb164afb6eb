"""The Borrowers page on a laptop and a desktop screen, in English and Chinese: the list shows
the whole phone number (on a laptop the segment gives way, the detail pane shows it), every
column when there is room, and the detail pane's Loans table shows the status without a scroll
bar (the product wraps)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_layout_timeline import SIZES, columns_fit, laid_out, text_fits
from tests.ui.test_queue import grab, open_office
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
PHONE, LAST = 4, 6


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    from ui.table_state import settings

    # A fresh workstation: no splitter position nor column widths kept by an earlier window.
    settings().remove("main_window/borrowers_splitter")
    settings().remove("tables/borrowers")
    yield from open_office(request, tmp_path)
    set_language("en")


def ends_in_view(table, column: int) -> bool:
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    return 0 <= header.sectionViewportPosition(column) and right <= table.viewport().width()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_phone_and_the_loan_status_show_whole(
    qtbot, database, size, lang, screenshot_dir
) -> None:
    set_language(lang)
    window = laid_out(qtbot, database, size)
    page = window.borrowers
    window.show_page(page)
    page.table.selectRow(0)
    qtbot.wait(50)
    listed = page.table
    assert page.detail.detail is not None and page.detail.loans.rowCount() >= 1
    assert ends_in_view(listed, PHONE), [listed.columnWidth(c) for c in range(LAST + 1)]
    for row in range(5):
        assert text_fits(listed, row, PHONE), listed.model().index(row, PHONE).data()
    if size[0] >= 1440:  # room for every column
        assert ends_in_view(listed, LAST) and text_fits(listed, 0, LAST)
    for table in (page.detail.loans, page.detail.related):
        assert columns_fit(table), [table.columnWidth(c) for c in range(table.columnCount())]
    loans = page.detail.loans
    for row in range(loans.rowCount()):
        for column in range(loans.columnCount()):
            assert text_fits(loans, row, column), cell_text(loans, row, column)
    grab(window, screenshot_dir / f"layout_borrowers_{lang}_{size[0]}x{size[1]}.png")
