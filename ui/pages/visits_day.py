"""The Visits page past the office's midnight: a page left open overnight marks the new today in
its week, follows "this week" into the next one, and its visit sheet moves on to the new day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ui.pages.visits_view import monday

if TYPE_CHECKING:
    from ui.pages.visits import VisitsPage

MINUTE_MS = 60_000


def watch_office_day(page: VisitsPage) -> QTimer:
    """A timer checking the office's date each minute (one clock read, no database); the page
    owns it, so it stops when the page is destroyed."""
    timer = QTimer(page)
    timer.setInterval(MINUTE_MS)
    timer.timeout.connect(page.check_day)
    timer.start()
    return timer


def day_turned(page: VisitsPage) -> bool:
    """Move the page on to the office's day if it is no longer the one marked; True if it was."""
    today, old = page.office_day(), page.today
    if today == old:
        return False
    page.today = today
    if page.sheet_day == old:  # a day picked on the calendar stays picked
        page.sheet_day = today
    if page.week_start == monday(old) != monday(today):
        page.show_week(today)  # the week watched as "this week" would become last week
    else:
        page._fill_calendar()  # the headers only: no database
    return True
