"""The Visits page's week calendar marks the office's today's column ("Today · Thu 12-10", bold),
not this computer's: the office keeps Kiritimati's time (UTC+14), the computer Pago Pago's
(UTC-11), so the office is a day ahead of the computer at every hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Office
from app.office import office_today
from tests.conftest import TEST_KEY
from tests.core.visit_office import visit_office_path
from tests.ui.cells import header_font, header_text, header_value
from tests.ui.test_visits_page import grab, visits_page

pytestmark = pytest.mark.gui
OFFICE, COMPUTER = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication, computer_zone) -> Iterator:
    """The visit office on Kiritimati's time, this process on Pago Pago's."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    with db.session() as s:
        s.scalar(select(Office)).timezone = OFFICE
    computer_zone(COMPUTER)
    yield db
    db.close()


def _marked(page) -> list[tuple[int, dt.date]]:
    """(column, day) of every header the calendar marks as today (bold)."""
    found = []
    for column in range(page.calendar.columnCount()):
        if header_font(page.calendar, column).bold():
            found.append((column, header_value(page.calendar, column, Qt.ItemDataRole.UserRole)))
    return found


@pytest.mark.parametrize("lang, word", [("en", "Today · "), ("zh_CN", "今天 · ")])
def test_the_week_marks_the_offices_today_not_the_computers(
    qtbot, database, screenshot_dir, lang, word
) -> None:
    with database.session() as s:
        today = office_today(s)
    computer = dt.date.today()
    assert computer < today  # the computer is a day behind the office
    set_language(lang)
    try:
        page = visits_page(qtbot, database, "supervisor")
        assert page.week_start == today - dt.timedelta(days=today.weekday())
        ((column, day),) = _marked(page)
        assert day == today and column == today.weekday()
        header = header_text(page.calendar, column)
        header = header.replace("\n", " · ", 1)  # on two lines when its column is narrow
        assert header.startswith(word) and f"{today:%m-%d}" in header
        for other in range(7):  # the computer's today, and every other day, stay plain
            if other != column:
                text = header_text(page.calendar, other)
                assert word not in text
        grab(page, screenshot_dir / f"visits_today_{lang}.png")
        # Another week has no today to mark; back to this week, it is marked again.
        page.show_week(today + dt.timedelta(days=7))
        assert _marked(page) == []
        page.show_week(computer)
        marked = _marked(page)
        # The computer's week holds the office's today unless the two days straddle a Monday
        # (a Sunday run, the office a day ahead: that week ends the day before the office's today).
        shown = page.week_start <= today < page.week_start + dt.timedelta(days=7)
        assert marked == ([(column, today)] if shown else [])
    finally:
        set_language(None)
