"""The sort arrow beside a right-aligned column title: the title is drawn clear of it (Fusion
drew the arrow over the work queue's "Score")."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QStyleOptionHeader, QTableView

from ui.app import application
from ui.header_style import ARROW_ROOM, SortArrowRoom, label_rect

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
UP = QStyleOptionHeader.SortIndicator.SortUp
NONE = QStyleOptionHeader.SortIndicator.None_


def option(alignment: Qt.AlignmentFlag, indicator: QStyleOptionHeader.SortIndicator):
    opt = QStyleOptionHeader()
    opt.rect = QRect(10, 2, 60, 14)
    opt.textAlignment = alignment
    opt.sortIndicator = indicator
    opt.orientation = Qt.Orientation.Horizontal
    return opt


def test_only_a_sorted_right_aligned_title_moves_left() -> None:
    assert label_rect(option(RIGHT, UP)) == QRect(10, 2, 60 - ARROW_ROOM, 14)
    assert label_rect(option(RIGHT, NONE)) == QRect(10, 2, 60, 14)
    assert label_rect(option(LEFT, UP)) == QRect(10, 2, 60, 14)


def test_the_application_draws_with_it(qtbot) -> None:
    app = application()
    assert isinstance(app.style(), SortArrowRoom)
    application()  # a second call does not wrap it twice
    assert not isinstance(app.style().baseStyle(), SortArrowRoom)
    model = QStandardItemModel(2, 2)
    for column, title in enumerate(["Name", "Score"]):
        model.setHeaderData(column, Qt.Orientation.Horizontal, title)
        model.setHeaderData(
            column, Qt.Orientation.Horizontal, RIGHT, Qt.ItemDataRole.TextAlignmentRole
        )
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalHeader().style() is app.style()
    assert not view.horizontalHeader().grab().isNull()  # painted through the wrapped style


def test_a_title_too_long_for_its_column_is_cut_with_an_ellipsis(qtbot) -> None:
    """The style centred a title wider than its column and cut it at both ends ("技巧沟通技巧"):
    it now ends in "…", each line of it, and a title that fits is drawn whole."""
    from PySide6.QtGui import QImage, QPainter

    from ui.header_style import elided_title

    application()
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        long = "沟通技巧" * 10
        cut = elided_title(long, painter, 120)
        assert cut.endswith("…") and long.startswith(cut[:-1]) and len(cut) > 3
        assert painter.fontMetrics().horizontalAdvance(cut) <= 120
        assert elided_title("Score", painter, 120) == "Score"
        first, second = elided_title("Loans overdue\n" + "x" * 80, painter, 120).split("\n")
        assert first == "Loans overdue" and second.endswith("…")
    finally:
        painter.end()
