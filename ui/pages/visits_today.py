"""The Visits calendar's header for today: "Today · Sun 12-06" on one line when its column has
the room, else on two, fitted again each time the columns change width."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QTableWidget

TODAY_LINES = Qt.ItemDataRole.UserRole + 1  # today's header: its words on one line, on two


def fit_today(table: QTableWidget) -> None:
    """Today's column header on one line ("Today · Sun 12-06") when its column has the room,
    else on two: at 150 % text on a laptop at 150 % scaling the column cut it to "Today · Sun
    12-"."""
    header = table.horizontalHeader()
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        lines = item.data(TODAY_LINES) if item is not None else None
        if not lines:
            continue
        one, two = lines
        fits = (
            QFontMetrics(item.font()).horizontalAdvance(one) <= header.sectionSize(column) - margin
        )
        text = one if fits else two
        if item.text() != text:
            item.setText(text)


class TodayFit(QTimer):
    """Fits today's header to its column (fit_today) each time the calendar's columns change
    width, once Qt is done resizing them: a new text set meanwhile made Qt resize them again,
    and the header ended on the words of a width already gone."""

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self.setSingleShot(True)
        self.setInterval(0)
        self.timeout.connect(self._fit)
        table.horizontalHeader().sectionResized.connect(self._resized)

    def _resized(self, *_sizes: int) -> None:
        self.start()

    def _fit(self) -> None:
        table = self.parent()
        if isinstance(table, QTableWidget):
            fit_today(table)
