"""When the office asks a supervisor's approval of every booking, the Visits page says which
booked visits still wait for it — the list's Status, the line naming the selected visit and the
calendar's tool tip — as the daily visit sheet does ("Not approved yet: check-in is refused…"),
and stops saying it once approved. QA: the page read "Booked" for a visit the team could not
check in to, and only the sheet and the Check in button's tool tip said why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import User
from tests.ui.cells import cell_tip
from tests.ui.test_visits_page import grab
from tests.ui.test_visits_select_follow import _list_row, _page, database  # noqa: F401
from ui.table_fill import cell_text, cell_value

pytestmark = pytest.mark.gui
STATUS = 3  # the list's Status column


def _tip(page, number: str) -> str:  # type: ignore[no-untyped-def]
    """The calendar's tool tip line of visit `number`."""
    for r in range(page.calendar.rowCount()):
        for c in range(page.calendar.columnCount()):
            if number in (cell_value(page.calendar, r, c, Qt.ItemDataRole.UserRole) or []):
                tip = cell_tip(page.calendar, r, c)
                return next(line for line in tip.splitlines() if number in line)
    raise AssertionError(number)


@pytest.mark.parametrize(
    ("lang", "waiting"), [("en", "Booked, awaiting approval"), ("zh_CN", "已预约，待审批")]
)
def test_a_booked_visit_waiting_for_approval_says_so(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang,
    waiting,
):
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    set_language(lang)
    try:
        _window, page = _page(qtbot, database, "supervisor")
        others, own, _unbooked = database.numbers
        page.tabs.setCurrentIndex(1)
        row = _list_row(page, others)
        assert cell_text(page.list, row, STATUS) == waiting
        page.list.selectRow(row)
        assert waiting in page.selection_label.text()
        assert waiting in _tip(page, others)
        grab(page.window(), screenshot_dir / f"visits_awaiting_approval_{lang}.png")
        assert page.approve_selected()
        row = _list_row(page, others)
        assert cell_text(page.list, row, STATUS) != waiting  # approved: booked, no more
        assert waiting not in _tip(page, others)
        assert waiting in cell_text(page.list, _list_row(page, own), STATUS)
    finally:
        set_language("en")
