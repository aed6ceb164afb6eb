"""The Visits page's Check in inside the borrower's quiet hours: off, its tip the core's refusal
naming the earliest allowed time; pressed anyway, the core refuses it and the page says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Visit, VisitStatus
from tests.core.test_visit_check_in_quiet import at_night
from tests.core.visit_office import case_nos
from tests.office_day import office_today
from tests.ui.test_visit_reschedule_zone import database  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import grab, visits_page

pytestmark = pytest.mark.gui


def test_the_visits_page_refuses_a_check_in_in_quiet_hours(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = at_night(database, case_nos(database)[0])
    page = visits_page(qtbot, database, "agent01")
    page.show_week(office_today())
    page.select(number)
    assert not page.checkin_button.isEnabled()
    tip = page.checkin_button.toolTip()
    assert number in tip and "quiet hours (22:00–08:00); check in no earlier than" in tip
    assert page.check_in_selected() is False
    assert page.message.isVisible() and "check in no earlier than" in page.message.text()
    grab(page, Path(screenshot_dir) / "visit_check_in_quiet.png")
    with database.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == number))
    assert status is VisitStatus.BOOKED
