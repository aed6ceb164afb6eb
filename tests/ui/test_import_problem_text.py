"""The Import dialog's problems are readable whole without hovering: the Problem column wraps and
each row is as tall as its text (QA: at the dialog's size the "what to do" half of a message —
"…write it year first, as 2026-03-05, 2026/3/5 or 2026年3月5日 (or f…" — was cut off, the whole
text only in a tooltip), with 10 problems and with 200, in English and Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTableWidget

from tests.core import importer_files as f
from tests.ui.test_import_dialog import _dialog, database  # noqa: F401 (the fixture)
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
# A name as an office's core system exports it: the File column takes its width from the Problem's.
NAME = "贷款台账导出-2026年11月-第一分行-全部在贷.csv"


def _loans_with_day_first_dates(tmp_path: Path, count: int) -> Path:
    """A loan file whose every disbursement date is written day first (15/01/2025)."""
    rows = f.loans(count)
    for row in rows:
        day = dt.date.fromisoformat(row[6])
        row[6] = f"{day.day + 5:02d}/{day.month:02d}/{day.year}"
    return f.write_csv(tmp_path / NAME, f.LOAN_ZH, rows)


def _wrapped_height(table: QTableWidget, row: int, column: int) -> tuple[int, int]:
    """The height the cell's whole text needs wrapped at its column's width, and one line's."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(column) - 2 * margin
    metrics = table.fontMetrics()
    flags = int(Qt.TextFlag.TextWordWrap)
    needed = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, cell_text(table, row, column))
    return needed.height(), metrics.height()


@pytest.mark.parametrize("count", [10, 200])
def test_a_long_problem_is_readable_whole(qtbot, database, tmp_path, lang, count, screenshot_dir):  # noqa: F811
    path = _loans_with_day_first_dates(tmp_path, count)
    dialog = _dialog(qtbot, database, kind="loans", path=path)
    dialog.resize(1000, 640)  # its size on a 1366×768 screen
    qtbot.wait(10)
    problems = dialog.problems
    assert problems.rowCount() == 2 * count  # the date and the borrower not yet imported
    dates = [r for r in range(problems.rowCount()) if "15/01/2025" in cell_text(problems, r, 3)]
    assert len(dates) == count
    end = "日期格式）。" if lang == "zh_CN" else "(or format the cell as a date)."
    for row in (dates[0], dates[-1]):
        assert cell_text(problems, row, 3).endswith(end)  # the message whole, what to do too
        needed, line = _wrapped_height(problems, row, 3)
        assert needed > line  # it does not fit on one line at this width: it wraps
        assert problems.rowHeight(row) >= needed  # and the row is tall enough for all of it
    # Nothing is pushed past the right edge: the columns fit the table's width.
    assert problems.horizontalHeader().length() <= problems.viewport().width()
    problems.scrollTo(problems.model().index(dates[-1], 3))
    dialog.grab().save(str(screenshot_dir / f"import_problems_{count}_{lang}.png"))
