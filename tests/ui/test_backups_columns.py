"""The Backups dialog's columns at 1024 wide: each header and row fits its column, en and zh."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QStyle

from app.i18n import set_language
from tests.ui.cells import header_text
from tests.ui.test_backups_dialog import back_up_now, database, dialog_for  # noqa: F401
from tests.ui.test_queue import grab
from ui.dialogs.backups import FILE_COLUMN
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _elided(dialog) -> list[str]:
    """The headers and cells whose text is wider than their column."""
    table = dialog.table
    header = table.horizontalHeader()
    head_metrics = header.fontMetrics()
    cell_metrics = table.fontMetrics()
    style = table.style()
    # Qt's own margins: a cell's text sits (focus frame margin + 1) in from each side, a
    # header's text the header margin in.
    cell_pad = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    head_pad = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cut = []
    for c in range(table.columnCount()):
        width = table.columnWidth(c)
        title = header_text(table, c)
        if head_metrics.horizontalAdvance(title) + head_pad > width:
            cut.append(f"header {title!r}: {width}px")
        for r in range(table.rowCount()):
            text = cell_text(table, r, c)
            if cell_metrics.horizontalAdvance(text) + cell_pad > width:
                cut.append(f"row {r} {text!r}: {width}px")
    return cut


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_column_is_cut_at_1024_wide(
    qtbot,
    database,  # noqa: F811
    lang: str,
    screenshot_dir: Path,
) -> None:
    set_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        dialog.resize(1024, 700)
        back_up_now(qtbot, dialog)
        qtbot.wait(50)
        grab(dialog, screenshot_dir / f"backups_columns_{lang}.png")
        cut = _elided(dialog)
        assert cut == [], cut
        table = dialog.table
        assert table.horizontalScrollBar().maximum() == 0  # all of it in view, no scrolling
        assert table.columnWidth(FILE_COLUMN) == max(
            table.columnWidth(c) for c in range(table.columnCount())
        )
    finally:
        set_language(None)
