"""The case page's "Why it ranks here" on a 1024-pixel laptop: each factor's points and the score
lie within the summary pane, none past its edge behind a scroll bar (QA found them there in
English: Related persons' buttons held the pane 345 px wide, the table with it); in a pane
narrowed further the factor's name is cut short ("…", whole in its tool tip), never the points."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QScrollArea

from tests.ui.test_queue import open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
LAPTOP = (1024, 640)
FRESH = [460, 760]  # the case page's own proportions (ui/pages/case_page.py)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _points_right_edge(page) -> tuple[int, int]:
    """Where the points column ends, and the summary pane's width, both in the pane's view."""
    table = page.breakdown
    end = table.columnViewportPosition(1) + table.columnWidth(1)
    scroll = page.splitter.widget(0)
    assert isinstance(scroll, QScrollArea)
    right = table.viewport().mapTo(scroll.viewport(), QPoint(end, 0)).x()
    return right, scroll.viewport().width()


def _assert_points_shown(page) -> None:
    table = page.breakdown
    right, pane = _points_right_edge(page)
    assert right <= pane, (right, pane)
    assert table.horizontalScrollBar().maximum() == 0
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)  # "+30", "104": whole
    score_row = table.rowCount() - 1
    assert cell_text(table, score_row, 1) == str(page.detail.score)


def test_points_and_score_within_the_pane_at_1024(qtbot, database, lang, screenshot_dir) -> None:
    window = window_for(qtbot, database)
    window.resize(*LAPTOP)
    case_id = window.queue.model.row_data(0).id
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_id)
    page.splitter.setSizes(FRESH)  # as on a new computer, whatever an earlier test left
    QApplication.processEvents()
    assert page.people.add_button.isVisibleTo(page)  # the buttons that held the pane wide
    _assert_points_shown(page)
    window.grab().save(str(screenshot_dir / f"case_points_1024_{lang}.png"))
    # As narrow as the pane's other contents let it be (the splitter dragged): the factors'
    # names give way, the points stay.
    scroll = page.splitter.widget(0)
    least = scroll.widget().minimumSizeHint().width() + scroll.frameWidth() * 2
    pane = least + scroll.verticalScrollBar().sizeHint().width()
    page.splitter.setSizes([pane, sum(page.splitter.sizes()) - pane])
    QApplication.processEvents()
    assert scroll.viewport().width() < 260  # narrower than the factors' names want in English
    _assert_points_shown(page)
    table = page.breakdown
    assert table.horizontalHeader().length() <= table.viewport().width()
    page.splitter.setSizes(FRESH)  # saved as the window closes: the next test's start
