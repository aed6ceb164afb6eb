"""The Visits calendar's header for the office's today: "Today · Sun 12-06" on one line while its
column has the room, on two lines ("Today" above "Sun 12-06") when the column is narrower, and
back on one when the window widens again. At 150 % text on a 1920×1080 laptop at 150 % scaling it
was cut to "Today · Sun 12-". The whole page at that size: tests/ui/test_big_text.py."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableWidget

from app.i18n import set_language
from tests.ui.cells import header_font, header_text
from tests.ui.clipping import clipped
from ui.pages.visits_today import TodayFit
from ui.pages.visits_view import day_header

pytestmark = pytest.mark.gui
MONDAY = dt.date(2026, 11, 30)
TODAY = MONDAY + dt.timedelta(days=6)  # a Sunday


def _calendar(qtbot, width: int) -> QTableWidget:
    table = QTableWidget(1, 7)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    TodayFit(table)  # as the Visits page's calendar
    for n in range(7):
        table.setHorizontalHeaderItem(n, day_header(n, MONDAY + dt.timedelta(days=n), TODAY))
    qtbot.addWidget(table)
    table.resize(width, 200)
    table.show()
    qtbot.waitExposed(table)
    return table


def _between_one_line_and_two(table: QTableWidget, column: int) -> int:
    """A width of the table whose columns are too narrow for today's one line, wide enough
    for its two."""
    metrics, text = QFontMetrics(header_font(table, column)), header_text(table, column)
    one = metrics.horizontalAdvance(text)
    two = max(metrics.horizontalAdvance(line) for line in text.split(" · "))
    header = table.horizontalHeader()
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    column = (one + two) // 2 + margin
    return 7 * column + table.verticalHeader().width() + 2 * table.frameWidth()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_today_takes_a_second_line_only_when_its_column_is_narrow(qtbot, lang) -> None:
    set_language(lang)
    try:
        today = {"en": "Today", "zh_CN": "今天"}[lang]
        day = {"en": "Sun 12-06", "zh_CN": "周日 12-06"}[lang]
        table = _calendar(qtbot, 1400)
        qtbot.waitUntil(lambda: header_text(table, 6) == f"{today} · {day}")
        assert header_text(table, 5) != header_text(table, 6)  # Saturday: its own words
        table.resize(_between_one_line_and_two(table, 6), 200)
        qtbot.waitUntil(lambda: header_text(table, 6) == f"{today}\n{day}")
        assert clipped(table) == []  # its two lines, each whole
        table.resize(1400, 200)
        qtbot.waitUntil(lambda: header_text(table, 6) == f"{today} · {day}")
    finally:
        set_language("en")
