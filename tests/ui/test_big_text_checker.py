"""tests/ui/clipping.py's fields, rows and charts on made-up widgets: what it must say, and what
it must let be (its labels, buttons, tabs and columns: tests/ui/test_big_text.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tests.ui.clipping import clipped

pytestmark = pytest.mark.gui


def shown_window(qtbot, *widgets: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    layout = QVBoxLayout(window)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    return window


def test_cut_fields_are_found_and_whole_ones_let_be(qtbot) -> None:
    from ui.combo_width import COMBO_WIDTH, cap_combo

    status = QComboBox()
    status.addItems(["Open", "Promise to pay, partly kept"])  # the longer one, when chosen, is cut
    status.setFixedWidth(90)
    whole = QComboBox()
    whole.addItems(["每天（启动和关闭时）"])  # its "）" stands left in its advance: whole
    capped = QComboBox()
    capped.addItems(["An agent's name of a hundred characters, far wider than any box " * 2])
    cap_combo(capped)  # elided at the cap, whole in its tooltip: fine
    capped.setFixedWidth(COMBO_WIDTH)
    days = QSpinBox()
    days.setRange(0, 9_999_999)
    days.setSuffix(" days")
    days.setFixedWidth(60)
    due = QDateEdit(QDate(2026, 12, 6))
    due.setDisplayFormat("yyyy-MM-dd")
    due.setFixedWidth(50)
    amount = QLineEdit()
    amount.setPlaceholderText("Amount, e.g. 500.00")
    amount.setFixedWidth(60)
    search = QLineEdit()
    search.setPlaceholderText("Search: name, ID number, phone, loan or case number")
    search.setToolTip(search.placeholderText())  # elided on purpose, whole in its tooltip
    search.setFixedWidth(80)
    typed = QLineEdit("A note typed far longer than its field, which scrolls along it")
    typed.setFixedWidth(80)  # typed text scrolls: fine
    low = QLineEdit()
    low.setFixedHeight(8)
    low.setObjectName("low")
    window = shown_window(qtbot, status, whole, capped, days, due, amount, search, typed, low)
    found = "\n".join(clipped(window))
    for said in (
        "'Promise to pay, partly kept'",
        "days'",
        "'2026-12-06'",
        "'Amount, e.g.",
        "(low)",
    ):
        assert said in found, (said, found)
    for unsaid in ("'Open'", "每天", "An agent's", "Search:", "A note typed"):
        assert unsaid not in found, (unsaid, found)


class OneHeight(QStyledItemDelegate):
    """A delegate whose rows are 8 pixels high, whatever the font."""

    def sizeHint(self, option: QStyleOptionViewItem, index: object) -> QSize:  # noqa: N802
        return QSize(super().sizeHint(option, index).width(), 8)  # type: ignore[arg-type]


def test_rows_lower_than_their_text_are_found(qtbot) -> None:
    fixed = QTableWidget(2, 1)
    fixed.setObjectName("fixed")
    fixed.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    fixed.verticalHeader().setMinimumSectionSize(4)
    fixed.verticalHeader().setDefaultSectionSize(10)  # a row height in pixels: feet cut
    painted = QListWidget()
    painted.setObjectName("painted")
    painted.setItemDelegate(OneHeight(painted))  # its rows as low as it says
    painted.addItems(["Agent", "Agent"])
    painted.setFixedWidth(200)
    wrapped = QTableWidget(1, 1)
    wrapped.setObjectName("wrapped")
    wrapped.horizontalHeader().setStretchLastSection(True)
    fitted = QTableWidget(1, 1)
    fitted.setObjectName("fitted")
    fitted.horizontalHeader().setStretchLastSection(True)
    address = "黑龙江省哈尔滨市南岗区哈尔滨街 275274 " * 3  # wraps at 200 pixels
    for table, text in (
        (fixed, "Agent"),
        (wrapped, address),
        (fitted, address),
    ):
        table.setFixedWidth(200)
        for row in range(table.rowCount()):
            table.setItem(row, 0, QTableWidgetItem(text))
    window = shown_window(qtbot, fixed, painted, wrapped, fitted)
    fitted.resizeRowsToContents()  # as tall as its wrapped lines: fine
    found = "\n".join(clipped(window))
    assert "fixed row 0 column 0 'Agent'" in found, found
    assert "painted row 0 column 0 'Agent'" in found, found
    assert "wrapped row 0" in found, found
    assert "fitted" not in found, found
    assert "fixed row 1" not in found  # one finding a column


def test_chart_labels_left_out_are_found(qtbot) -> None:
    from ui.charts import AmountAxis, RecoveryChart

    chart = RecoveryChart()
    narrow = RecoveryChart()
    narrow.setObjectName("narrow")
    axis = narrow.getAxis("left")
    assert isinstance(axis, AmountAxis)
    axis.setWidth(20)  # no room for "100,000": pyqtgraph leaves the amounts out
    try:
        for each in (chart, narrow):
            each.setFixedSize(420, 220)
            each.set_series([100_000 * d for d in range(1, 8)], [90_000 * d for d in range(1, 31)])
        window = shown_window(qtbot, chart, narrow)
        found = "\n".join(clipped(window))
        assert "narrow: left axis: no room for" in found, found
        assert "recovery_chart:" not in found, found
    finally:
        for each in (chart, narrow):  # as tests/ui/test_chart_labels.py: not to qtbot's close()
            each.hide()
            each.deleteLater()
