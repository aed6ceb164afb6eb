"""The Visits page marks the end of a visit across midnight as the next day's, in the list and
the calendar cell's tool tip, and shows the part after midnight on the next day's cell too
(QA13: only Thursday's cell, "23:30–01:00", although the team is out till 01:00 on Friday)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.test_visit_quiet_agreed import AGREED
from tests.core.visit_office import book, case_nos, slot, verified_visit, visit_office_path
from tests.ui.cells import cell_tip
from tests.ui.test_visits_page import grab
from tests.ui.test_visits_select_follow import _list_row, _page
from ui.table_fill import cell_text, cell_value

pytestmark = pytest.mark.gui
SPAN = {"en": "23:30–01:00 (+1 day)", "zh_CN": "23:30–次日 01:00"}
END = {"en": "01:00 (+1 day)", "zh_CN": "次日 01:00"}


@pytest.fixture
def late_visit(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    number = verified_visit(db, case_nos(db)[0])
    result = book(db, number, start=slot(23, 30), minutes=90, quiet_agreement=AGREED)
    assert result.saved, result.verdict
    db.number = number
    yield db
    db.close()


def _cells(page, number: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    table = page.calendar
    return [
        (r, c)
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if number in (cell_value(table, r, c, Qt.ItemDataRole.UserRole) or [])
    ]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_visit_across_midnight_shows_on_both_days(qtbot, late_visit, screenshot_dir, lang):
    set_language(lang)
    try:
        window, page = _page(qtbot, late_visit, "supervisor")
        day = slot(10).date()
        number = late_visit.number
        starts = [(r, c) for r, c in _cells(page, number) if c == day.weekday()]
        assert len(starts) == 2  # agent01's and agent02's rows
        for r, c in starts:
            assert SPAN[lang] in cell_text(page.calendar, r, c)
            assert SPAN[lang] in cell_tip(page.calendar, r, c)
        page.tabs.setCurrentIndex(1)
        row = _list_row(page, number)
        assert cell_text(page.list, row, 5) == END[lang]
        page.tabs.setCurrentIndex(0)
        grab(window, screenshot_dir / f"visits_midnight_{lang}.png")
        after = day + dt.timedelta(days=1)
        page.show_week(after)  # the same week, or the next when the visit is on a Sunday
        QApplication.processEvents()
        ends = [(r, c) for r, c in _cells(page, number) if c == after.weekday()]
        assert len(ends) == 2
        carried = f"{day:%m-%d} 23:30–01:00"
        assert all(carried in cell_text(page.calendar, r, c) for r, c in ends)
    finally:
        set_language("en")
