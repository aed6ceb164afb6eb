"""The Visits page as the clock moves: a page left open overnight marks the new today in its week,
follows "this week" into the next one, and its visit sheet moves on to the new day; each minute
its late check-out banner and the selected visit's Check in / No-show are brought up to the time
(QA: a team's visit passing its end while a supervisor watched the page raised no alert until
something else refreshed it, and "3 h 25 min ago" stood still)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.errors import CasedeskError
from app.models import User
from app.visits import late_visits
from app.visits.no_check_in import missed_check_ins
from ui.pages.visits_selection import show_selection
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


def clock_moved(page: VisitsPage) -> None:
    """The late check-outs and the visits never checked in as they stand now. A visit past its
    end since the last look, or one checked out or resolved elsewhere, reloads the page, so that
    its calendar and list say what the banner says; else the banner's "… ago" moves on, and the
    selected visit's actions follow the clock (Check in opens two hours before the start,
    No-show once it has passed)."""
    try:
        with page.database.sessions() as session:
            actor = session.get(User, page.user.id)
            assert actor is not None
            alerts = late_visits(session, viewer=actor)
            missed = missed_check_ins(session, viewer=actor)
    except CasedeskError:
        return  # the next minute, or the next change, tries again
    if [a.visit_no for a in alerts] != [a.visit_no for a in page.alerts] or [
        m.visit_no for m in missed
    ] != [m.visit_no for m in page.missed]:
        page.reload()
        return
    page.alerts = alerts
    page.missed = missed
    page._fill_banner()
    show_selection(page)
