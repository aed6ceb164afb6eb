"""The case page's timeline on a laptop and a desktop screen, in English and Chinese: a long event
("Complaint CP2025-000002: third-party disclosure (resolved)") wraps in a bounded column instead of
pushing the Detail column (who made the contact, the notes, what came of a promise) off the page;
the Detail column takes the width left and wraps, each row as tall as its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle, QTableView
from sqlalchemy import select

from app.auth import authenticate
from app.i18n import set_language
from app.models import Case, Complaint
from app.queries.case_page import case_detail
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SIZES = ((1024, 700), (1440, 900))


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


def laid_out(qtbot, database, size: tuple[int, int], username: str = "supervisor"):
    """The main window at `size`, its icons applied as after the first paint (they widen the
    side bar, and so narrow the pages)."""
    window = window_for(qtbot, database, username)
    window.command_actions.apply_icons()
    window.resize(*size)
    return window


def text_fits(table: QTableView, row: int, column: int) -> bool:
    """Whether the cell shows its whole text: within the viewport, wrapped in the cell's width
    (less the text margins) and no taller than the row."""
    index = table.model().index(row, column)
    text, rect = str(index.data() or ""), table.visualRect(index)
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    room = rect.width() - 2 * margin
    flags = Qt.TextFlag.TextWordWrap if table.wordWrap() else Qt.TextFlag.TextSingleLine
    needed = table.fontMetrics().boundingRect(QRect(0, 0, room, 100_000), int(flags), text)
    inside = rect.left() >= 0 and rect.right() <= table.viewport().width()
    return inside and needed.width() <= room and needed.height() <= rect.height()


def rows_hug_text(table: QTableView) -> bool:
    """Whether no row is taller than its text needs (a row wrapped while its column was narrow
    stays that tall once the column is wide)."""
    header = table.verticalHeader()
    rows = range(table.model().rowCount())
    return all(
        table.rowHeight(r) <= max(table.sizeHintForRow(r), header.sectionSizeHint(r)) for r in rows
    )


def columns_fit(table: QTableView) -> bool:
    """Every column lies within the viewport: no column hidden behind a horizontal scroll bar."""
    return table.horizontalHeader().length() <= table.viewport().width()


def long_event_case(database) -> int:
    """The case with the longest event title among those with a complaint (a complaint's title
    names its number, its category and its status)."""
    user = authenticate(database.sessions, "supervisor", "demo")
    with database.sessions() as s:
        ids = s.scalars(
            select(Case.id).join(Complaint, Complaint.case_id == Case.id).distinct()
        ).all()
        longest = {i: max(len(t.title) for t in case_detail(s, user, i).timeline) for i in ids}
    return max(longest, key=lambda i: longest[i])


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_event_wraps_and_the_detail_keeps_the_width_left(
    qtbot, database, size, lang, screenshot_dir
) -> None:
    set_language(lang)
    case_id = long_event_case(database)
    window = laid_out(qtbot, database, size)
    window.show_page(window.cases)
    assert window.cases.show_case(case_id)
    qtbot.wait(50)
    table = window.cases.timeline
    header = table.horizontalHeader()
    assert table.rowCount() > 3
    assert columns_fit(table), (header.length(), table.viewport().width())
    when, kind, event, detail = range(4)
    # The detail takes what is left, and the event no more than the detail.
    assert header.sectionSize(detail) >= header.sectionSize(event)
    right = header.sectionViewportPosition(detail) + header.sectionSize(detail)
    assert right == table.viewport().width()
    assert rows_hug_text(table)
    for row in range(table.rowCount()):
        for column in (when, kind, event, detail):
            assert text_fits(table, row, column), (row, column, cell_text(table, row, column))
    grab(window, screenshot_dir / f"layout_timeline_{lang}_{size[0]}x{size[1]}.png")
