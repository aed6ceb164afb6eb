"""The Visits page's late check-out banner gives the expected end with its year, as `casedesk visit
alerts` does: a visit left checked in since December reads "2025-12-09 …", not "12-09 …", which
once the year has turned reads as the coming December (found by QA)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app.cli.cmd_visit_lists import _local as alerts_clock
from app.i18n import set_language
from app.models import Visit
from app.office import office_zone
from tests.ui.test_visit_late_agent import _late, _window
from tests.ui.test_visit_reschedule_dialog import database  # noqa: F401 (fixture)
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui
END = dt.datetime(2025, 12, 9, 3, tzinfo=dt.UTC)  # a December of a year gone by


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_late_check_out_from_last_year_says_its_year(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang: str,
) -> None:
    number = _late(database, 0, ("agent01", "agent02"))
    with database.session() as s:
        s.execute(
            update(Visit)
            .where(Visit.visit_no == number)
            .values(scheduled_start=END - dt.timedelta(hours=1), scheduled_end=END)
        )
        zone = office_zone(s)
    end = alerts_clock(END, zone)  # as `visit alerts` prints it
    assert end.startswith("2025-12-09 ")
    set_language(lang)
    try:
        window = _window(qtbot, database, "supervisor")
        window.open_list("visits", "late")
        page = window.visits
        assert page.banner.isVisible()
        said = page.banner_text.text()
        words = f"expected end {end}," if lang == "en" else f"预计 {end} 结束"
        assert number in said and words in said, said
        grab(window, screenshot_dir / f"visits_late_banner_year_{lang}.png")
    finally:
        set_language("en")
