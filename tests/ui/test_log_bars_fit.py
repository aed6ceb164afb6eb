"""The log pages' filter bars on one row where they can (session 35): the Audit page's took two
rows at 1366×768 in English, its Action list 278 pixels wide (sized to its longest member) to
show "All actions", Export beside it; the Compliance log's took two at 1024×768, and its table
gave up a row's height. Export now sits under the table, right of the count, and the Action list
shows its headings whole, a longer member cut short and said whole in its tooltip and in the open
list. Measured on the settled window (the side bar's icons widen it after the first paint), on a
copy of the demo office, in English and Chinese; nothing in the bars is cut."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from app.i18n import set_language
from tests.ui.clipping import clipped
from tests.ui.shots import grab, settle
from tests.ui.test_audit_filter_bar import _outside, database, window_for
from ui.indented_choices import MEMBER

__all__ = ["database"]
pytestmark = pytest.mark.gui


def _bar(page: QWidget) -> QWidget:
    """The flow of filters at the top of a log page."""
    return page.layout().itemAt(0).layout().itemAt(0).widget()


def _rows(page: QWidget) -> int:
    """How many rows the filter bar's groups take (a group lower than its row's tallest is
    centred on it, a pixel down)."""
    groups = [g for g in _bar(page).children() if isinstance(g, QWidget) and g.isVisible()]
    centres = sorted(g.geometry().center().y() for g in groups)
    least = min(g.height() for g in groups)
    return 1 + sum(1 for a, b in itertools.pairwise(centres) if b - a > least // 2)


def _shown(qtbot: Any, window: Any, page: QWidget, width: int) -> None:
    window.resize(width, 768)
    window.show_page(page)
    settle(window)
    qtbot.wait(1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_audit_bar_is_one_row_at_1366_in_english(
    qtbot, database, screenshot_dir, lang: str
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.audit
        _shown(qtbot, window, page, 1366)
        grab(window, screenshot_dir / f"erasedwalk-audit-1366-{lang}.png")
        if lang == "en":
            assert _rows(page) == 1
        else:  # the labels' "(&W)" take some 140 px: the date range wraps, whole
            assert _rows(page) <= 2
        assert _outside(window, page) == [] and clipped(_bar(page)) == []
        button = page.export_button
        assert button.isVisible() and button.y() > page.table.geometry().bottom()
        assert button.mapTo(window, button.rect().topRight()).x() <= window.width()
        action = page.action
        assert action.width() < 200  # was 278 in English, for "All actions"
        longest = max(
            (i for i in range(action.count()) if action.itemData(i, MEMBER)),
            key=lambda i: action.fontMetrics().horizontalAdvance(action.itemText(i)),
        )
        action.setCurrentIndex(longest)
        assert action.toolTip() == action.itemText(longest)  # cut short: said whole
        assert action.view().minimumWidth() > action.width()  # the open list shows it whole
        _shown(qtbot, window, page, 1024)
        grab(window, screenshot_dir / f"erasedwalk-audit-1024-{lang}.png")
        assert _rows(page) <= 2 and _outside(window, page) == []
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_compliance_log_bar_is_one_row_at_1024(
    qtbot, database, screenshot_dir, lang: str
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.compliance_log
        for width in (1024, 1366):
            _shown(qtbot, window, page, width)
            grab(window, screenshot_dir / f"erasedwalk-compliance-{width}-{lang}.png")
            assert _rows(page) == 1, width
            assert _outside(window, page) == [] and clipped(_bar(page)) == []
            # The table starts right under the one row of filters.
            bar = _bar(page)
            gap = page.table.y() - bar.mapTo(page, bar.rect().bottomLeft()).y()
            assert gap <= page.layout().spacing() + 2, width
            count, button = page.count, page.export_button
            assert button.isVisible() and abs(button.y() - count.y()) <= count.height()
    finally:
        set_language("en")
