"""The aging chart's case counts stand above their bars inside the plot, whatever its height and
the text size: at 150 % text and the dashboard's smallest chart, the tallest bar's "15 cases" was
cut at the plot's top (the room above the bars was 15% of the amount, not a line of text)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from app.queries.dashboard import BucketFigure
from ui.charts import AgingChart

pytestmark = pytest.mark.gui
FIGURES = [
    BucketFigure("M1", 24, 16_000_000),
    BucketFigure("M2", 14, 10_000_000),
    BucketFigure("180+", 15, 81_000_000),
]


@pytest.fixture(params=[1.0, 1.5], ids=["usual-text", "text-150"])
def text_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    before = QFont(QApplication.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * request.param)
    QApplication.setFont(bigger)
    yield request.param
    QApplication.setFont(before)


@pytest.mark.parametrize("height", [180, 260, 480])
def test_each_count_is_inside_the_plot(qtbot, text_scale, height) -> None:  # type: ignore[no-untyped-def]
    # Not given to qtbot: its close() at teardown trips pyqtgraph when a failed test's report
    # still holds the chart; deleted here instead.
    chart = AgingChart(["M1", "M2", "180+"])
    try:
        chart.resize(520, height)
        chart.show()
        qtbot.waitExposed(chart)
        chart.set_figures(FIGURES)
        settle()
        assert cut(chart) == []
        chart.resize(520, height + 40)  # a taller window: still inside
        settle()
        assert cut(chart) == []
    finally:
        chart.hide()
        chart.deleteLater()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def cut(chart: AgingChart) -> list[str]:
    """The counts whose top is above the plot's."""
    top = chart.getPlotItem().vb.sceneBoundingRect().top()
    found = []
    for label in chart.labels:
        at = label.mapRectToScene(label.boundingRect()).top()
        if at < top - 1:
            found.append(f"{label.toPlainText()} at {at:.0f} < {top:.0f}")
    return found


def test_the_recovery_legend_is_at_the_users_text_size(qtbot, text_scale) -> None:  # type: ignore[no-untyped-def]
    """Its "Last month" and "This month" were pyqtgraph's 9 points at any text size: small
    beside the axes at 150 %."""
    from ui.charts import RecoveryChart

    chart = RecoveryChart()  # deleted here, as above
    try:
        chart.resize(520, 260)
        chart.show()
        qtbot.waitExposed(chart)
        chart.set_series([1_000, 2_000], [500, 900, 1_500])
        settle()
        line = QFontMetrics(QApplication.font()).height()
        heights = []  # each entry's line of text, without its document's margin
        for _sample, label in chart.legend.items:
            document = label.item.document()
            heights.append(document.size().height() - 2 * document.documentMargin())
        assert len(heights) == 2 and all(abs(h - line) <= 2 for h in heights), (heights, line)
    finally:
        chart.hide()
        chart.deleteLater()
