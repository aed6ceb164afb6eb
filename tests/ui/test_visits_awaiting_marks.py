"""A visit awaiting a supervisor's approval stands out on the Visits page, not only in its Status
words: its calendar cell says "◷ Awaiting approval" under the borrower and is filled in the
override purple's light shade (ui/colours.py "awaiting_fill"), the list's Status cell likewise,
and both tool tips say what it waits for, as the daily sheet does. Readable in the dark scheme
and whole at 150 % text. QA: the calendar drew such a visit exactly as an approved one, so a
supervisor scanning the week could not see what waited for them, nor an agent which of their
visits could not go yet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import User
from tests.ui.cells import cell_background, cell_tip
from tests.ui.clipping_rows import rows_cut
from tests.ui.contrast import dark_palette, palette_of, view_problems
from tests.ui.test_visits_page import grab
from tests.ui.test_visits_select_follow import _list_row, _page, database  # noqa: F401
from ui.colours import colour
from ui.table_fill import cell_text, cell_value

pytestmark = pytest.mark.gui
STATUS = 3  # the list's Status column
MARK = {"en": "◷ Awaiting approval", "zh_CN": "◷ 待审批"}
WHY = {
    "en": "Not approved yet: check-in is refused until a supervisor approves visit {number}.",
    "zh_CN": "尚未批准：主管批准上门 {number} 之前，无法签到。",
}


def _cell(page, number: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(row, column) of the calendar cell that holds visit `number` alone (agent02's holds both
    visits)."""
    for r in range(page.calendar.rowCount()):
        for c in range(page.calendar.columnCount()):
            if cell_value(page.calendar, r, c, Qt.ItemDataRole.UserRole) == [number]:
                return r, c
    raise AssertionError(number)


@pytest.fixture
def approval_asked(database) -> Iterator[object]:  # noqa: F811
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    yield database


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_visit_awaiting_approval_is_marked_in_the_calendar_and_the_list(
    qtbot, approval_asked, qapp, screenshot_dir, lang, scheme
):
    from ui.colours import install

    install(qapp)
    palette = dark_palette() if scheme == "dark" else QApplication.palette()
    set_language(lang)
    try:
        with palette_of(qapp, palette):
            window, page = _page(qtbot, approval_asked, "supervisor")
            others, own, _unbooked = approval_asked.numbers
            for number in (others, own):
                cell = (page.calendar, *_cell(page, number))
                assert MARK[lang] in cell_text(*cell).splitlines()
                assert cell_background(*cell).color() == colour("awaiting_fill")
                assert WHY[lang].format(number=number) in cell_tip(*cell)
            assert view_problems(page.calendar) == []  # its words readable on the fill
            grab(window, screenshot_dir / f"visits_awaiting_marks_{lang}_{scheme}.png")
            page.tabs.setCurrentIndex(1)
            status = (page.list, _list_row(page, others), STATUS)
            assert cell_background(*status).color() == colour("awaiting_fill")
            assert cell_tip(*status) == WHY[lang].format(number=others)
            assert view_problems(page.list) == []
            grab(window, screenshot_dir / f"visits_awaiting_marks_list_{lang}_{scheme}.png")
            page.tabs.setCurrentIndex(0)
            page.list.selectRow(_list_row(page, others))
            assert page.approve_selected()  # approved: drawn as any booked visit again
            cell = (page.calendar, *_cell(page, others))
            assert MARK[lang] not in cell_text(*cell).splitlines()
            assert cell_background(*cell).color() == colour("booked_fill")
            assert WHY[lang].format(number=others) not in cell_tip(*cell)
            status = (page.list, _list_row(page, others), STATUS)
            assert cell_background(*status).style() == Qt.BrushStyle.NoBrush
            assert cell_tip(*status) == ""
            mine = cell_text(page.calendar, *_cell(page, own))
            assert MARK[lang] in mine.splitlines()  # the other still waits
    finally:
        set_language("en")


def test_the_mark_is_whole_at_150_percent_text(qtbot, approval_asked, screenshot_dir):
    before = QFont(QApplication.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(bigger)
    try:
        window, page = _page(qtbot, approval_asked, "supervisor")
        others, _own, _unbooked = approval_asked.numbers
        assert MARK["en"] in cell_text(page.calendar, *_cell(page, others)).splitlines()
        assert rows_cut(page.calendar) == []  # each cell as high as its lines
        grab(window, screenshot_dir / "visits_awaiting_marks_text150.png")
    finally:
        QApplication.setFont(before)
