"""The Visits page's late check-out banner follows the clock: a team's visit that passes its end
while a supervisor has the page open is listed at the page's next minute, with Resolve…, and one
checked out from another workstation leaves it. QA: the banner only changed when something else
refreshed the page, so a missed check-out (a safety alert) stayed unseen on an open page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.models import Visit, VisitStatus
from tests.office_day import SHANGHAI, office_today
from tests.ui.test_visit_late_agent import _late, _window
from tests.ui.test_visit_reschedule_dialog import database  # noqa: F401 (fixture)
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui


def test_a_visit_going_late_on_an_open_page_is_alerted_within_a_minute(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    window = _window(qtbot, database, "supervisor")
    page = window.visits
    window.show_page(page)
    assert page.banner.isHidden()
    late = _late(database, 0, ("agent01", "agent02"))  # checked in elsewhere, now past its end
    assert page.banner.isHidden()  # nothing announced it here
    assert page.day_timer.isActive() and page.day_timer.interval() == 60_000
    page.check_day()  # what the timer runs each minute
    assert page.banner.isVisible() and late in page.banner_text.text()
    assert page.resolve_button.isVisible()
    # The calendar and list show it too, when it is of the week they show (by its start): in the
    # first three hours of a Monday in Shanghai, a visit that ended two hours ago after an hour
    # began last Sunday (CI ran then).
    began = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).astimezone(SHANGHAI).date()
    today = office_today()
    if began >= today - dt.timedelta(days=today.weekday()):
        assert late in {row.visit_no for row in page.rows}
    grab(window, screenshot_dir / "visits_late_minute.png")
    with database.session() as s:  # checked out on the team's laptop
        s.execute(update(Visit).where(Visit.visit_no == late).values(status=VisitStatus.COMPLETED))
    page.check_day()
    assert page.banner.isHidden()


def test_the_banner_says_how_late_as_of_the_last_minute(
    qtbot,
    database,  # noqa: F811
):
    window = _window(qtbot, database, "supervisor")
    late = _late(database, 0, ("agent01", "agent02"))  # two hours past its end
    page = window.visits
    window.show_page(page)
    assert "2 h ago" in page.banner_text.text()
    with database.session() as s:  # as if an hour went by with the page open
        visit = s.scalar(select(Visit).where(Visit.visit_no == late))
        hour = dt.timedelta(hours=1)
        s.execute(
            update(Visit)
            .where(Visit.visit_no == late)
            .values(
                scheduled_start=visit.scheduled_start - hour,
                scheduled_end=visit.scheduled_end - hour,
            )
        )
    page.check_day()
    assert "3 h ago" in page.banner_text.text()
