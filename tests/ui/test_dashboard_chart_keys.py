"""The dashboard's charts from the keyboard and for a screen reader: Tab reaches them after the
tiles, a frame shows which has the keys, Left/Right/Home/End move a highlighted bar or day, Enter
and Space open what a click opens, and the accessible description and a tool tip say the
highlighted item's label and figures (they answered only the mouse)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QToolTip

from app.i18n import set_language
from tests.ui.test_dashboard import _figures, _settled, window_for
from tests.ui.test_keyboard_day import activate
from tests.ui.test_queue import grab, open_office
from ui.chart_keys import FOCUS_COLOUR
from ui.pages.dashboard import TILES, money

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _ready(qtbot, database):
    window = window_for(qtbot, database)
    _settled(qtbot, window)
    activate(qtbot, window)
    return window


def _focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def _outline(chart) -> list[int]:
    """The bars drawn with an outline: the highlighted one."""
    pens = chart.bars.opts["pens"] or []
    return [i for i, pen in enumerate(pens) if pen.style() != Qt.PenStyle.NoPen]


def test_tab_goes_from_the_last_tile_to_the_charts(qtbot, database) -> None:
    window = _ready(qtbot, database)
    page = window.dashboard
    _focus(qtbot, page.tiles[TILES[-1][0]])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.aging
    qtbot.keyClick(page.aging, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.recovery
    qtbot.keyClick(page.recovery, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.aging


def test_arrows_move_the_highlighted_bar_and_say_it(qtbot, database) -> None:
    window = _ready(qtbot, database)
    chart = window.dashboard.aging
    d = _figures(database)
    assert _outline(chart) == []  # no highlight for the mouse
    _focus(qtbot, chart)
    assert chart.current == 0 and _outline(chart) == [0]
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 2 and _outline(chart) == [2]
    m3 = d.buckets[2]
    said = f"{m3.bucket}: {m3.count:,} cases, {money(m3.amount, d.currency)}"
    assert chart.accessibleName() == "Overdue amount by bucket"
    assert chart.accessibleDescription().startswith(said)
    assert QToolTip.isVisible() and QToolTip.text() == said
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.current == 1 and chart.accessibleDescription().startswith(d.buckets[1].bucket)
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current == len(d.buckets) - 1
    qtbot.keyClick(chart, Qt.Key.Key_Right)  # stays on the last
    assert chart.current == len(d.buckets) - 1
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current == 0 and _outline(chart) == [0]
    # Leaving the chart takes the highlight and the tool tip away.
    _focus(qtbot, window.dashboard.tiles["overdue"])
    assert _outline(chart) == [] and not QToolTip.isVisible()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_enter_on_a_bar_opens_what_a_click_on_it_opens(qtbot, database, key) -> None:
    window = _ready(qtbot, database)
    chart = window.dashboard.aging
    d = _figures(database)
    index = max(range(len(d.buckets)), key=lambda i: d.buckets[i].count)
    bucket = d.buckets[index]
    _focus(qtbot, chart)
    for _step in range(index):
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    with qtbot.waitSignal(chart.bucket_clicked, timeout=2000) as opened:
        qtbot.keyClick(chart, key)
    assert opened.args == [bucket.bucket]
    assert window.stack.currentWidget() is window.queue
    assert window.queue.filter.bucket == bucket.bucket
    rows = window.queue.model.all_rows()
    assert len(rows) == bucket.count and {r.bucket for r in rows} == {bucket.bucket}


def test_the_recovery_chart_walks_the_days_and_enter_opens_the_payments(qtbot, database) -> None:
    window = _ready(qtbot, database)
    chart = window.dashboard.recovery
    d = _figures(database)
    _focus(qtbot, chart)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)  # the tip comes with the keys
    today = len(d.daily_this_month)
    assert chart.current == today - 1 and chart.dots.isVisible()
    # This month's point, and last month's when it had that day (on 31 December, November none).
    last = [today] if today <= len(d.daily_last_month) else []
    assert list(chart.dots.getData()[0]) == [today, *last]
    this = money(d.daily_this_month[-1], d.currency)
    assert chart.accessibleDescription().startswith(f"Day {today}: {this} this month, ")
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    first = f"Day 1: {money(d.daily_this_month[0], d.currency)} this month, "
    assert list(chart.dots.getData()[0]) == [1, 1] and QToolTip.text().startswith(first)
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current == max(len(d.daily_this_month), len(d.daily_last_month)) - 1
    qtbot.keyClick(chart, Qt.Key.Key_Enter)
    dialog = window.list_dialog
    assert dialog is not None and dialog.isVisible()
    amounts = [float(r[4].replace(",", "")) for r in dialog.rows]
    assert round(sum(amounts) * 100) == d.recovered_this_month


def test_a_focused_chart_draws_its_frame(qtbot, database) -> None:
    window = _ready(qtbot, database)
    chart = window.dashboard.aging
    edge = (1, chart.height() // 2)
    _focus(qtbot, window.dashboard.tiles["overdue"])
    QApplication.processEvents()
    before = chart.grab().toImage().pixelColor(*edge)
    _focus(qtbot, chart)
    QApplication.processEvents()
    after = chart.grab().toImage().pixelColor(*edge)
    assert before != after and after == QColor(FOCUS_COLOUR)


def test_the_chinese_description_says_the_bar(qtbot, database) -> None:
    set_language("zh_CN")
    try:
        window = _ready(qtbot, database)
        chart = window.dashboard.aging
        d = _figures(database)
        _focus(qtbot, chart)
        qtbot.keyClick(chart, Qt.Key.Key_Right)
        m2 = d.buckets[1]
        said = f"{m2.bucket}：{m2.count:,} 件，{money(m2.amount, d.currency)}"
        assert chart.accessibleName() == "各账龄段逾期金额"
        assert chart.accessibleDescription().startswith(said)
        assert "左右方向键" in chart.accessibleDescription()
    finally:
        set_language("en")


def _grab_tip(path: Path) -> None:
    """The tool tip is a window of its own: the main window's picture leaves it out."""
    assert QToolTip.isVisible()
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert len(tips) == 1
    grab(tips[0], path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots_with_a_bar_highlighted(qtbot, database, screenshot_dir, lang) -> None:
    set_language(lang)
    try:
        window = _ready(qtbot, database)
        window.resize(1366, 768)
        chart = window.dashboard.aging
        _focus(qtbot, chart)
        qtbot.keyClick(chart, Qt.Key.Key_Right)
        assert _outline(chart) == [1]
        grab(window, screenshot_dir / f"dashboard_chart_keys_{lang}.png")
        _grab_tip(screenshot_dir / f"dashboard_chart_keys_tip_{lang}.png")
        _focus(qtbot, window.dashboard.recovery)
        qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
        grab(window, screenshot_dir / f"dashboard_chart_keys_recovery_{lang}.png")
        _grab_tip(screenshot_dir / f"dashboard_chart_keys_recovery_tip_{lang}.png")
    finally:
        set_language("en")
