"""The Audit page's date range from the keyboard and the calendar: a date typed as written,
2026-12-01, into "Any date" filters by that day; an arrow from "Any date" starts at the office's
today; the calendar opens on the office's month, not January 2000. QA: the typed date read
"Any date0261201" and filtered nothing, "2026-12-01" typed over a date became 2026-12-12, and a
supervisor clicking the arrow had 26 years of months to page through."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from app.office import office_today
from tests.ui.test_audit_filter_bar import database
from tests.ui.test_audit_page import window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def test_a_date_typed_or_picked_filters_the_trail(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database)
    page = window.audit
    window.show_page(page)
    with database.sessions() as s:
        today = office_today(s)
    start = today - dt.timedelta(days=5)
    page.date_from.setFocus()
    qtbot.keyClicks(page.date_from, start.isoformat())  # as written, dashes and all
    assert page.dates() == (start, None)
    assert page.filter.date_from == start
    assert page.rows() and all(r.at.date() >= start - dt.timedelta(days=1) for r in page.rows())

    to = page.date_to
    to.setFocus()
    qtbot.keyClick(to, Qt.Key.Key_Up)  # from "Any date": the office's today, not 2000-01-02
    assert page.dates() == (start, today)
    qtbot.keyClick(to, Qt.Key.Key_Down)
    assert page.dates() == (start, today - dt.timedelta(days=1))

    page.set_dates(None, None)
    qtbot.mouseClick(to, Qt.MouseButton.LeftButton, pos=QPoint(to.width() - 6, to.height() // 2))
    calendar = to.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert page.dates() == (None, None)  # opened, not chosen
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)


@pytest.mark.parametrize(
    ("today", "key", "then"),
    [
        (dt.date(2027, 3, 1), Qt.Key.Key_Down, dt.date(2027, 2, 28)),
        (dt.date(2027, 2, 28), Qt.Key.Key_Up, dt.date(2027, 3, 1)),
        (dt.date(2026, 12, 31), Qt.Key.Key_Up, dt.date(2027, 1, 1)),
    ],
)
def test_an_arrow_on_the_day_crosses_a_months_end(qtbot, today, key, then) -> None:  # type: ignore[no-untyped-def]
    """An arrow moves the day a day, into the next or last month: Down from today on 1 March
    stayed on 1 March (Qt's day part stops at the month's first and last day)."""
    from ui.date_widgets import optional_date_edit, optional_day

    edit = optional_date_edit(lambda: today)
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClick(edit, key)  # from "Any date": today
    assert optional_day(edit) == today
    qtbot.keyClick(edit, key)
    assert optional_day(edit) == then
    qtbot.keyClick(edit, key)  # still on the day
    assert optional_day(edit) == then + (then - today)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "The period ends before it starts."), ("zh_CN", "期间的结束日期早于开始日期。")],
)
def test_a_range_back_to_front_is_said_so(qtbot, database, lang, said) -> None:  # type: ignore[no-untyped-def]
    from app.i18n import set_language

    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        with database.sessions() as s:
            today = office_today(s)
        page.set_filter(date_from=today, date_to=today - dt.timedelta(days=3))
        assert page.rows() == [] and page.count.text() == said  # not "0 audit entries"
        page.set_filter(date_from=today - dt.timedelta(days=3), date_to=today)
        assert page.rows() and page.count.text() != said
    finally:
        set_language("en")
