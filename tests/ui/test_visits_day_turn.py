"""A Visits page left open past the office's midnight moves on: the minute timer's check marks
the new today in the week, follows "this week" into the next one on a Monday, and moves the
visit sheet's day on unless another day was picked; the timer dies with the page. The page's
clock is set to explicit days and the check fired directly: no sleeping, any hour."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.core.visit_office import login
from tests.ui import test_visits_page
from tests.ui.test_visits_page import visits_page
from tests.ui.test_visits_today import _marked
from ui.pages.visits_day import MINUTE_MS

pytestmark = pytest.mark.gui
database = test_visits_page.database  # the visit office, a fresh copy per test
MONDAY = dt.date(2031, 3, 3)


def _day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def test_a_page_left_open_marks_the_new_day(qtbot, database) -> None:
    page = visits_page(qtbot, database, "supervisor")
    assert page.day_timer.isActive() and page.day_timer.interval() == MINUTE_MS
    clock = [_day(1)]  # Tuesday
    page.office_day = lambda: clock[0]
    page.show_week(clock[0])
    page.sheet_day = clock[0]
    assert MONDAY.weekday() == 0 and _marked(page) == [(1, _day(1))]
    page.check_day()  # the same day: nothing to do
    assert _marked(page) == [(1, _day(1))]

    clock[0] = _day(2)  # past midnight: Wednesday
    page.check_day()
    assert _marked(page) == [(2, _day(2))] and page.today == _day(2)
    assert page.sheet_day == _day(2) and page.week_start == MONDAY

    page.sheet_day = _day(5)  # a day picked on the calendar stays picked
    page.show_week(_day(7))  # looking at next week: no today in it, and it stays shown
    clock[0] = _day(3)
    page.check_day()
    assert _marked(page) == [] and page.week_start == _day(7) and page.sheet_day == _day(5)
    page.show_week(_day(3))
    assert _marked(page) == [(3, _day(3))]

    clock[0] = _day(6)  # Sunday, then Monday: "this week" becomes the next one
    page.check_day()
    assert _marked(page) == [(6, _day(6))]
    clock[0] = _day(7)
    page.check_day()
    assert page.week_start == _day(7) and _marked(page) == [(0, _day(7))]
    assert "2031-03-10" in page.week_label.text()


def test_the_timer_dies_with_the_page(qtbot, database) -> None:
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    page = VisitsPage(database, ChangeHub(), login(database, "supervisor"))
    timer = page.day_timer
    assert timer.isActive()
    page.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(timer)
