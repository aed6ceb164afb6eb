"""The Work queue page lists the cases due now above the waiting ones (Case.waiting), whatever
their scores, and says of a waiting case when it comes due ("Waiting until <date>", "等到 <date>");
the case page says why it is listed below. The demo office, its queue rebuilt by the core; a
screenshot of the boundary in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from app.queries.cases import queue_ids
from app.queue_row import waiting_words
from tests.ui.shots import grab
from tests.ui.test_queue import open_office, window_for
from ui.colours import colour
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
NEXT_ACTION = 10
HELD = ("paused", "legal")


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _boundary(page) -> int:  # type: ignore[no-untyped-def]
    """The first waiting row: every row above it is due now, every row from it waits."""
    rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
    waiting = [r.waiting for r in rows]
    assert False in waiting and True in waiting
    assert waiting == sorted(waiting)  # no due case below a waiting one
    return waiting.index(True)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_due_cases_come_first_and_waiting_ones_say_until_when(
    qtbot, database, screenshot_dir, lang: str
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        window.show_page(page)
        with database.sessions() as s:
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            assert page.model.ids() == queue_ids(s, sup)
        first = _boundary(page)
        rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
        # A waiting case that scores above a due one is listed below it all the same.
        lowest_due = min(r.score for r in rows[:first])
        assert any(r.score > lowest_due for r in rows[first:])
        word = "Waiting until {}" if lang == "en" else "等到 {}"
        for n, row in enumerate(rows):
            text = cell_text(page.table, n, NEXT_ACTION)
            if row.waiting and row.status not in HELD and row.next_action_on:
                assert text == word.format(row.next_action_on.isoformat()), (n, text)
            else:  # a due case shows its date alone; a held one's status says why it waits
                assert text == (row.next_action_on.isoformat() if row.next_action_on else "")
        # Waiting rows in secondary text; a waiting cell's tooltip says why it is down here.
        muted = colour("muted")
        for n, row in enumerate(rows):
            paint = page.model.data(page.model.index(n, 0), Qt.ItemDataRole.ForegroundRole)
            assert (paint == muted) if row.waiting else paint is None, (n, paint)
        shown = next(r for r in rows[first:] if r.status not in HELD)
        tip = page.model.data(
            page.model.index(rows.index(shown), NEXT_ACTION), Qt.ItemDataRole.ToolTipRole
        )
        assert tip == waiting_words(shown.next_action_on)
        assert tip.startswith("Waiting until" if lang == "en" else "等到")
        due_tip = page.model.data(page.model.index(0, NEXT_ACTION), Qt.ItemDataRole.ToolTipRole)
        assert due_tip == cell_text(page.table, 0, NEXT_ACTION)
        page.table.scrollTo(
            page.model.index(first, 0), QAbstractItemView.ScrollHint.PositionAtCenter
        )
        grab(window, screenshot_dir / f"queue_waiting_{lang}.png")
        waiting = next(r for r in rows[first:] if r.status not in HELD)
        window.open_case(waiting.id)
        said = window.cases.queue_place
        assert said.isVisible()
        date = waiting.next_action_on.isoformat()
        assert said.text().startswith(
            f"Waiting until {date}:" if lang == "en" else f"等到 {date}："
        )
        grab(window, screenshot_dir / f"case_page_waiting_{lang}.png")
        window.open_case(rows[0].id)  # due now: nothing to say
        assert not window.cases.queue_place.isVisible()
    finally:
        set_language("en")
