"""The Rules page on a laptop and a desktop screen, in English and Chinese: the rule's name and
its severity ("Needs a supervisor's override") wrap past half the width of the others, so the
description, parameters and citation are never squeezed into a narrow strip of tall rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_layout_timeline import SIZES, columns_fit, laid_out, rows_hug_text, text_fits
from tests.ui.test_queue import grab, open_office
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
RULE, DESCRIPTION, SEVERITY, ENABLED, PARAMETERS, CITATION = range(6)
MOST_LINES = 8  # the tallest row (a long citation) at 1024 wide; it was 10


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


def longest_word(table, column: int) -> int:
    """The width of the column's longest space-free piece of text (a rule's id), with margins."""
    words = (w for r in range(table.rowCount()) for w in cell_text(table, r, column).split())
    return max(table.fontMetrics().horizontalAdvance(w) for w in words) + 10


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_short_columns_leave_the_long_ones_their_share(
    qtbot, database, size, lang, screenshot_dir
) -> None:
    set_language(lang)
    window = laid_out(qtbot, database, size)
    window.show_page(window.rules)
    qtbot.wait(50)
    table = window.rules.rules
    header = table.horizontalHeader()
    assert table.rowCount() > 3
    assert columns_fit(table), (header.length(), table.viewport().width())
    widths = [header.sectionSize(c) for c in range(table.columnCount())]
    wrapped = [widths[c] for c in (DESCRIPTION, PARAMETERS, CITATION)]
    assert max(wrapped) - min(wrapped) <= 1, widths  # the long ones share alike
    # A short column is at most half as wide as a long one, unless one word in it (an id)
    # needs more.
    for column in (RULE, SEVERITY):
        assert widths[column] <= max(min(wrapped) // 2 + 1, longest_word(table, column)), widths
    assert rows_hug_text(table)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            assert text_fits(table, row, column), (row, column, cell_text(table, row, column))
    tallest = max(table.rowHeight(r) for r in range(table.rowCount()))
    assert tallest <= (MOST_LINES + 1) * table.fontMetrics().lineSpacing(), (tallest, widths)
    grab(window, screenshot_dir / f"layout_rules_{lang}_{size[0]}x{size[1]}.png")
