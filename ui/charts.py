"""The dashboard's two charts, drawn with pyqtgraph (maintained, not the deprecated Qt Charts):
overdue amount by aging bucket (a click on a bar names its bucket) and cumulative recovery this
month against last month (a click anywhere opens the payments behind it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from app.i18n import plural
from app.i18n import tr as _
from app.queries.dashboard import BucketFigure
from ui.chart_keys import KeyedChart
from ui.colours import colour, hex_of, on_scheme_change

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
# M1 … 180+: green to deep red (a string, not a table of words to translate).
BAR_COLOURS = "#8fbf7f #e0c060 #e89a4c #d46a5a #a23b4b".split()
EMPTY_TOP = 100_000  # an empty chart still reads 0 … 1,000 (minor units), not 0 … 1
Money = Callable[[int], str]  # minor units → "¥1,234.56" in the office's currency


def _whole(minor: float) -> str:
    """A chart amount in whole currency units with separators ("12,345")."""
    return f"{minor / 100:,.0f}"


class AmountAxis(pg.AxisItem):
    """A left axis that prints amounts (minor units) as whole units with separators."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.setWidth(96)  # room for "12,345,678" (the default width clips big amounts)

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [_whole(v) for v in values]


class BucketAxis(pg.AxisItem):
    """A bottom axis naming the buckets at 0, 1, 2 …"""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__("bottom")
        self.names = list(names)
        self.setTicks([list(enumerate(self.names))])


def _paint(plot: pg.PlotWidget) -> None:
    """Background, axes and their words in the palette's colours (light or dark)."""
    plot.setBackground(QApplication.palette().color(QPalette.ColorRole.Base))
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setTextPen(pg.mkPen(hex_of("chart_text")))
        axis.setPen(pg.mkPen(hex_of("chart_text")))


def css_size(font: QFont) -> str:
    """`font`'s size as pyqtgraph's labels take it ("13.5pt", or "18px")."""
    points = font.pointSizeF()
    return f"{points:g}pt" if points > 0 else f"{font.pixelSize()}px"


def _style(plot: pg.PlotWidget) -> None:
    """The chart's look; its `restyle` draws it again when the colour scheme changes."""
    font = QFont(QApplication.font())
    for side in ("left", "bottom"):
        plot.getAxis(side).setTickFont(font)
    _paint(plot)
    on_scheme_change(plot, "restyle")
    # Room above the plot for half a tick label: a tick at the very top (450,000 when the month
    # tops out just under it) had its label cut in half by the widget's edge (found by QA).
    half_label = QFontMetrics(font).height() // 2 + 2
    plot.getPlotItem().layout.setContentsMargins(1, half_label, 1, 1)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setCursor(Qt.CursorShape.PointingHandCursor)


class AgingChart(KeyedChart):
    """Bars of overdue amount per bucket, each labelled with its case count."""

    bucket_clicked = Signal(str)

    def __init__(self, names: Sequence[str], parent: Any = None) -> None:
        super().__init__(
            parent,
            axisItems={"left": AmountAxis("left"), "bottom": BucketAxis(names)},
        )
        self.names = list(names)
        self.figures: list[BucketFigure] = []
        self.bars: pg.BarGraphItem | None = None
        self.labels: list[pg.TextItem] = []
        self.money: Money = _whole
        _style(self)
        self.setObjectName("aging_chart")
        self.setAccessibleName(_("Overdue amount by bucket"))
        self.hint = _(
            "Left and Right choose a bucket, Home and End the first and the last; Enter or Space "
            "lists its cases."
        )
        self.scene().sigMouseClicked.connect(self._clicked)
        self.top = EMPTY_TOP
        self.getPlotItem().vb.sigResized.connect(self._fit_top)

    def restyle(self) -> None:
        """Drawn again in the palette's colours (the colour scheme changed); a closed chart,
        which pyqtgraph has emptied, is left be."""
        if self.plotItem is None:
            return
        _paint(self)
        self.set_figures(self.figures, self.money)

    def _fit_top(self, *_args: object) -> None:
        """Room above the tallest bar for its count: a line of text at the plot's height in
        pixels (at least 15% of the amount). A share of the amount alone cut "15 cases" at the
        top of a short plot at 150 % text."""
        if self.plotItem is None:
            return
        pixels = self.getPlotItem().vb.height()
        line = max((label.boundingRect().height() for label in self.labels), default=0.0)
        share = min((line + 2) / pixels, 0.6) if pixels > 0 else 0.0
        # The label's foot stands 2% of the amount above its bar (set_figures).
        self.setYRange(0, max(self.top * 1.15, self.top * 1.02 / (1 - share)), padding=0)

    def set_figures(self, figures: Sequence[BucketFigure], money: Money | None = None) -> None:
        keep = bool(self.figures)
        self.figures = list(figures)
        self.money = money or _whole
        self.clear()
        heights = [f.amount for f in self.figures]
        brushes = [pg.mkBrush(BAR_COLOURS[i % len(BAR_COLOURS)]) for i in range(len(heights))]
        self.bars = pg.BarGraphItem(
            x=list(range(len(heights))), height=heights, width=0.6, brushes=brushes, pen=None
        )
        self.addItem(self.bars)
        top = self.top = max(heights, default=0) or EMPTY_TOP
        self.labels = []
        for i, f in enumerate(self.figures):
            label = plural(f.count, "{count} case", "{count} cases")
            text = pg.TextItem(label, color=hex_of("chart_text"), anchor=(0.5, 1))
            text.setFont(QFont(QApplication.font()))
            text.setPos(i, f.amount + top * 0.02)
            self.addItem(text)
            self.labels.append(text)
        self.setXRange(-0.6, len(heights) - 0.4, padding=0)
        self._fit_top()
        self.items_changed(keep)

    def bucket_at(self, scene_pos: QPointF) -> str | None:
        """The bucket whose bar column is under a scene position, if any."""
        point = self.getPlotItem().vb.mapSceneToView(scene_pos)
        index = round(point.x())
        if 0 <= index < len(self.names) and abs(point.x() - index) <= 0.4:
            return self.names[index]
        return None

    def bar_centre(self, bucket: str) -> QPointF:
        """The scene position of the middle of a bucket's column (for tests and keyboard use)."""
        i = self.names.index(bucket)
        top = max((f.amount for f in self.figures), default=0) or EMPTY_TOP
        return self.getPlotItem().vb.mapViewToScene(QPointF(i, top * 0.5))

    def _clicked(self, event: Any) -> None:
        bucket = self.bucket_at(event.scenePos())
        if bucket is not None:
            self.bucket_clicked.emit(bucket)

    # --- the keyboard's way (ui/chart_keys.py) --------------------------------------------
    def item_count(self) -> int:
        return len(self.figures)

    def item_text(self, index: int) -> str:
        f = self.figures[index]
        return _(
            "{bucket}: {cases}, {amount}",
            bucket=f.bucket,
            cases=plural(f.count, "{count} case", "{count} cases"),
            amount=self.money(f.amount),
        )

    def item_anchor(self, index: int) -> QPointF:
        return self.getPlotItem().vb.mapViewToScene(QPointF(index, self.figures[index].amount))

    def open_item(self, index: int) -> None:
        self.bucket_clicked.emit(self.figures[index].bucket)

    def draw_highlight(self, index: int | None) -> None:
        if self.bars is None:
            return
        outline = pg.mkPen(hex_of("figure"), width=3)
        none = pg.mkPen(None)
        self.bars.setOpts(pens=[outline if i == index else none for i in range(len(self.figures))])


class RecoveryChart(KeyedChart):
    """Cumulative amount recovered per day of the month: this month against last month."""

    clicked = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, axisItems={"left": AmountAxis("left")})
        _style(self)
        # Room right of the plot for half a day's number, and the last one allowed into it: "30"
        # at the axis's end stood past it at 150 % text, and pyqtgraph left it out.
        half_day = QFontMetrics(QApplication.font()).horizontalAdvance("31") // 2 + 2
        self.getAxis("bottom").setStyle(hideOverlappingLabels=half_day)
        layout = self.getPlotItem().layout
        left, top, _right, bottom = layout.getContentsMargins()
        layout.setContentsMargins(left, top, half_day, bottom)
        self.setObjectName("recovery_chart")
        # At the user's text size: pyqtgraph's own 9 points stayed small at 150 % text.
        self.legend = self.addLegend(offset=(10, 10), labelTextSize=css_size(QApplication.font()))
        self.this_month: list[int] = []
        self.last_month: list[int] = []
        self.money: Money = _whole
        # Rings round the highlighted day's points (a line down the day crossed the legend): on
        # the view box itself, so it is no data item and set_series's clear() leaves it be.
        self.dots = pg.ScatterPlotItem(
            size=13, pen=pg.mkPen(hex_of("figure"), width=2.5), brush=None
        )
        self.dots.setVisible(False)
        self.dots.setZValue(10)  # above the month lines
        self.getPlotItem().vb.addItem(self.dots, ignoreBounds=True)
        self.setAccessibleName(_("Recovered this month against last month"))
        self.hint = _(
            "Left and Right choose a day, Home and End the first and the last; Enter or Space "
            "lists this month's payments."
        )
        self.scene().sigMouseClicked.connect(lambda _event: self.clicked.emit())

    def restyle(self) -> None:
        """Drawn again in the palette's colours (the colour scheme changed); a closed chart,
        which pyqtgraph has emptied, is left be."""
        if self.plotItem is None:
            return
        _paint(self)
        self.set_series(self.this_month, self.last_month, self.money)

    def set_series(
        self, this_month: Sequence[int], last_month: Sequence[int], money: Money | None = None
    ) -> None:
        keep = bool(self.this_month or self.last_month)
        self.this_month, self.last_month = list(this_month), list(last_month)
        self.dots.setPen(pg.mkPen(hex_of("figure"), width=2.5))  # the scheme's, when it changed
        self.money = money or _whole
        self.clear()
        self.legend.clear()
        days_last = list(range(1, len(self.last_month) + 1))
        days_this = list(range(1, len(self.this_month) + 1))
        self.plot(
            days_last,
            self.last_month,
            pen=pg.mkPen(hex_of("chart_last_month"), width=2, style=Qt.PenStyle.DashLine),
            name=_("Last month"),
        )
        self.plot(
            days_this,
            self.this_month,
            pen=pg.mkPen(hex_of("focus"), width=3),
            symbol="o",
            symbolSize=5,
            symbolBrush=colour("focus"),
            symbolPen=None,
            name=_("This month"),
        )
        for _sample, text in self.legend.items:
            text.setText(text.text, color=hex_of("chart_text"))
        top = max([*self.this_month, *self.last_month, 0]) or EMPTY_TOP
        self.setXRange(1, max(len(self.last_month), len(self.this_month), 28), padding=0.02)
        self.setYRange(0, top * 1.1, padding=0)
        self.getAxis("bottom").setLabel(_("Day of the month"))
        self.items_changed(keep)

    # --- the keyboard's way (ui/chart_keys.py): one item a day ----------------------------
    def item_count(self) -> int:
        return max(len(self.this_month), len(self.last_month))

    def start_index(self) -> int:
        """The latest day of this month: what was recovered so far."""
        return max(len(self.this_month) - 1, 0)

    def _on(self, series: list[int], index: int) -> str:
        return self.money(series[index]) if index < len(series) else "–"

    def item_text(self, index: int) -> str:
        return _(
            "Day {day}: {this} this month, {last} last month",
            day=index + 1,
            this=self._on(self.this_month, index),
            last=self._on(self.last_month, index),
        )

    def item_anchor(self, index: int) -> QPointF:
        series = self.this_month if index < len(self.this_month) else self.last_month
        return self.getPlotItem().vb.mapViewToScene(QPointF(index + 1, series[index]))

    def open_item(self, index: int) -> None:
        self.clicked.emit()  # a click anywhere opens this month's payments

    def draw_highlight(self, index: int | None) -> None:
        if index is not None:
            days = [s[index] for s in (self.this_month, self.last_month) if index < len(s)]
            self.dots.setData(x=[index + 1] * len(days), y=days)
        self.dots.setVisible(index is not None)
