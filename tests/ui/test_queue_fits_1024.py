"""The work queue on a 1024-pixel laptop: QA found the Next action past the table's edge in
English (as supervisor only "Ne"/"20" showed; an agent's "Waiting until 2026" cut, the day gone)
and Last contact hidden. Now the wide columns give way (ui/give_way.py): the masked ID to its last
digits, the names, the Last contact to its day, the status, and last the Next action's words
before its date, which stays whole; every column ends on screen. Widened again, the columns get
their fitted widths back; widths the user set are left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.i18n import tr as _
from tests.ui.test_compliance_log_widths import forget_tables as forget_tables  # the fixture
from tests.ui.test_queue import open_office, window_for
from ui.give_way import kept_last_word
from ui.queue_columns import NEXT_ACTION_COLUMN
from ui.table_state import CELL_PADDING, REMEMBERED

pytestmark = pytest.mark.gui
LAPTOP = (1024, 640)
TIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _right_edge(table, column: int) -> int:
    return table.columnViewportPosition(column) + table.columnWidth(column)


def test_a_waiting_cases_date_stays_whole_when_its_words_are_cut(qapp) -> None:
    option = QStyleOptionViewItem()
    option.fontMetrics = QFontMetrics(QFont())
    text = "Waiting until 2026-12-10"
    metrics = option.fontMetrics
    room = metrics.horizontalAdvance("Wait… 2026-12-10")
    cut = kept_last_word(text, option, room)
    assert cut.endswith(" 2026-12-10") and cut.startswith("W") and "…" in cut
    assert metrics.horizontalAdvance(cut) <= room
    assert kept_last_word(text, option, metrics.horizontalAdvance(text)) == text  # room: whole
    assert kept_last_word("2026-12-10", option, 20) == "2026-12-10"  # one word: Qt cuts it


@pytest.mark.usefixtures("forget_tables")
@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_next_action_and_last_contact_on_screen_at_1024(
    qtbot, database, lang, username, screenshot_dir
) -> None:
    window = window_for(qtbot, database, username)
    window.resize(*LAPTOP)
    page = window.queue
    window.show_page(page)
    QApplication.processEvents()
    table = page.table
    width = table.viewport().width()
    last = page.model.columnCount() - 1
    assert _right_edge(table, NEXT_ACTION_COLUMN) <= width
    assert _right_edge(table, last) <= width  # Last contact too
    assert table.horizontalScrollBar().maximum() == 0
    # The date in Next action whole, whatever its words before it.
    date = table.fontMetrics().horizontalAdvance("… 2026-12-10")
    assert table.columnWidth(NEXT_ACTION_COLUMN) >= date + CELL_PADDING
    window.grab().save(str(screenshot_dir / f"queue_1024_{lang}_{username}.png"))
    # A title cut short is whole in its tooltip.
    assert page.model.headerData(NEXT_ACTION_COLUMN, Qt.Orientation.Horizontal, TIP) == _(
        "Next action"
    )

    # Widened, the columns get their fitted widths back: the Next action's whole words.
    window.resize(1600, 900)
    QApplication.processEvents()
    assert table.columnWidth(NEXT_ACTION_COLUMN) >= table.sizeHintForColumn(NEXT_ACTION_COLUMN)

    # The user's own widths stay as they set them, the window narrowed or not.
    table.setProperty(REMEMBERED, True)
    own = [table.columnWidth(c) for c in range(last)]
    window.resize(*LAPTOP)
    QApplication.processEvents()
    assert [table.columnWidth(c) for c in range(last)] == own


@pytest.mark.usefixtures("forget_tables")
def test_the_next_action_holds_a_waiting_cases_words_with_room_to_spare(
    qtbot, database, lang
) -> None:
    """At 1600 px the Next action column holds "Waiting until <date>" whole, though the rows the
    fit samples (the first ones) are all due: the waiting cases come after them (QA saw
    "… 2026-12-29" at 1366 px with Last contact 268 px wide)."""
    from ui.queue_columns import fit_queue

    window = window_for(qtbot, database, "supervisor")
    window.resize(1600, 900)
    page = window.queue
    window.show_page(page)
    QApplication.processEvents()
    table = page.table
    words = _("Waiting until {date}", date="2026-12-29")
    wanted = table.fontMetrics().horizontalAdvance(words) + CELL_PADDING
    for column in range(page.model.columnCount()):  # as if no waiting row had been sampled
        table.setColumnWidth(column, 10)
    fit_queue(table)
    sampled = [
        page.model.index(row, NEXT_ACTION_COLUMN).data() or ""
        for row in range(min(page.model.rowCount(), 20))
    ]
    assert any(words.split()[0] not in text for text in sampled)  # due rows among those fitted
    assert table.columnWidth(NEXT_ACTION_COLUMN) >= wanted
