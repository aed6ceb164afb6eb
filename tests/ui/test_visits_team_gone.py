"""The Visits page flags a booked visit with a deactivated account on its team (QA s46: the
account's row dropped off the calendar and the visit read as booked and approved): the banner
lists it with what to do, the account's row stays with its visit marked, the list's status and
the detail name the account, and Approve… is off with the core's reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.accounts import deactivate_user
from app.i18n import set_language
from app.models import User
from tests.core.visit_office import book, case_nos, login, verified_visit, visit_day
from tests.ui.cells import header_text
from tests.ui.test_visit_reschedule_zone import database  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import grab, visits_page
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _flagged(db) -> str:  # type: ignore[no-untyped-def]
    number = verified_visit(db, case_nos(db)[0])
    assert book(db, number, ("agent01", "agent02")).saved  # 李强 is agent02
    admin = login(db, "admin")
    with db.session() as s:
        deactivate_user(s, s.get(User, admin.id), "agent02")
    return number


def _row_of(page, username: str) -> int:  # type: ignore[no-untyped-def]
    data = page.calendar_data
    return [u for u, _ in data.agents].index(username)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_page_flags_the_visit(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _flagged(database)
    words = {
        "en": (
            "Team to staff anew (1)",
            "(may no longer go on visits)",
            "Reschedule…",
            "eam to staff anew",
        ),
        "zh_CN": ("需重新安排人员的上门（1 个）", "（已不能上门）", "改约…", "需重新安排人员"),
    }[lang]
    set_language(lang)
    try:
        page = visits_page(qtbot, database, "supervisor")
        page.show_week(visit_day())
        assert page.banner.isVisible()
        banner = page.banner_text.text()
        assert words[0] in banner and number in banner and "李强" in banner
        row = _row_of(page, "agent02")  # the deactivated account's row stays
        head = header_text(page.calendar, row, vertical=True)
        assert "李强" in head and words[1] in head
        day = page.calendar_data.days.index(visit_day())
        assert words[3] in cell_text(page.calendar, row, day)
        assert words[3] in cell_text(page.calendar, _row_of(page, "agent01"), day)
        page.select(number)
        detail = page.detail.text()
        assert page.detail.isVisible() and "李强" in detail and words[2] in detail
        assert words[3] in page.selection_label.text()
        assert not page.approve_button.isEnabled() and "李强" in page.approve_button.toolTip()
        grab(page, Path(screenshot_dir) / f"visits_team_gone_{lang}.png")
        page.tabs.setCurrentIndex(1)
        status = [cell_text(page.list, r, 3) for r in range(page.list.rowCount())]
        assert any(words[3] in text for text in status)
    finally:
        set_language("en")
