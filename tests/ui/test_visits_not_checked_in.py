"""The window on a booked visit whose time passed with no check-in (QA: it read "Booked" for good
and nothing flagged it): the Visits page's alert banner names it with its time and team, in
English and Chinese, to its team and the supervisors; its row, calendar cell and detail say so;
No-show… and Cancel visit… end it; the case page says the visit was not checked in. Its slot
is fixed: 2026-03-10 09:00–10:00 in Shanghai."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.models import VisitStatus
from tests.conftest import TEST_KEY
from tests.core.missed_visit import SLOT, START, missed_visit
from tests.core.visit_office import login, visit_office_path
from tests.ui.test_trust import when_modal
from tests.ui.test_visits_page import grab, visits_page
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def test_the_banner_row_and_detail_flag_it_until_a_no_show_ends_it(qtbot, database, screenshot_dir):
    from ui.dialogs.visit_noshow import NoShowDialog
    from ui.pages.visits_view import LIST_HEADERS

    number, _case_no = missed_visit(database)
    page = visits_page(qtbot, database, "supervisor")
    assert page.banner.isVisible()  # whatever week is shown
    banner = page.banner_text.text()
    assert "Not checked in (1)" in banner and "Late check-out" not in banner
    assert (
        f"{number} (C2026-000001, 张伟): booked for {SLOT}, not checked in — 王芳, 李强" in banner
    )
    assert "call them first" in banner and "No-show… or Cancel visit…" in banner
    assert page.resolve_button.isHidden()  # nothing to resolve: a no-show or cancel ends it
    page.show_week(START.date())
    page.select(number)
    status = LIST_HEADERS.index("Status")
    row = [r.visit_no for r in page.rows].index(number)
    assert cell_text(page.list, row, status) == "Booked, not checked in"
    assert "Booked, not checked in" in page.selection_label.text()
    texts = [
        cell_text(page.calendar, r, c)
        for r in range(page.calendar.rowCount())
        for c in range(page.calendar.columnCount())
    ]
    cells = [text for text in texts if "张伟" in text]
    assert cells and all("⚠ Not checked in" in text for text in cells)
    assert f"Not checked in: visit {number} was booked for {SLOT}" in page.detail.toolTip()
    assert page.detail.isVisible() and "call them first" in page.detail.text()
    assert page.noshow_button.isEnabled() and page.cancel_button.isEnabled()
    assert not page.checkin_button.isEnabled()
    grab(page, screenshot_dir / "visits_not_checked_in_en.png")

    def record(dialog: NoShowDialog) -> None:
        dialog.notes.setPlainText("到场无人应门")
        assert dialog.try_save()

    when_modal(NoShowDialog, record)
    assert page.no_show_selected() is True
    assert page.selected is not None and page.selected.status is VisitStatus.NO_SHOW
    assert not page.banner.isVisible()
    assert "not checked in" not in cell_text(page.list, row, status)


def test_its_team_sees_it_in_chinese_and_another_agent_does_not(qtbot, database, screenshot_dir):
    number, _ = missed_visit(database)
    other = visits_page(qtbot, database, "agent03")
    assert not other.banner.isVisible()
    set_language("zh_CN")
    try:
        page = visits_page(qtbot, database, "agent02")
        banner = page.banner_text.text()
        assert "未签到的上门（1 个）" in banner
        assert f"{number}（C2026-000001，张伟）：原定 {SLOT}，未签到——王芳、李强" in banner
        assert "请先与他们电话联系" in banner and "“未见到本人…”或“取消上门…”" in banner
        page.show_week(START.date())
        page.select(number)
        assert "已预约，未签到" in page.selection_label.text()
        assert f"原定于 {SLOT}（王芳、李强）" in page.detail.toolTip()
        grab(page, screenshot_dir / "visits_not_checked_in_zh_CN.png")
    finally:
        set_language("en")


def test_the_case_page_says_its_visit_was_not_checked_in(qtbot, database, screenshot_dir):
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    number, case_no = missed_visit(database)
    page = CasePage(database, ChangeHub(), login(database, "agent01"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.show_case(case_no)
    status = page.case_form.values["Status"].text()
    assert status.startswith("Visit booked\n")
    assert f"Not checked in: visit {number} was booked for {SLOT}" in status
    assert page.case_form.values["Next action"].text() == "2026-03-10"
    assert page.queue_place.isHidden()  # due now, not waiting for a later day
    events = [cell_text(page.timeline, r, 2) for r in range(page.timeline.rowCount())]
    assert f"Visit {number}: booked, not checked in" in events  # the story too (QA s45 D2)
    grab(page, screenshot_dir / "case_visit_not_checked_in.png")


def test_the_dashboard_safety_tile_counts_it_and_opens_the_banner(qtbot, database, screenshot_dir):
    """The tile counted the late check-outs alone and named the visit never checked in beside a
    red 0 (QA): its figure counts both, and it is red only above 0."""
    from tests.ui.test_visit_late_agent import _window
    from ui.colours import ROLE_PROPERTY
    from ui.pages.dashboard_tile import ALERT_VALUE

    number, _ = missed_visit(database)
    window = _window(qtbot, database, "supervisor")
    window.dashboard.refresh()
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=5000)
    assert window.dashboard.figures.visits_not_checked_in == 1
    assert window.dashboard.figures.visits_late_checkout == 0  # none was checked in
    tile = window.dashboard.tiles["late_checkouts"]
    assert tile.title.text() == "Visits needing a safety call"
    assert tile.value.text() == "1" and tile.value.property(ROLE_PROPERTY) == ALERT_VALUE
    said = "1 booked, never checked in: call the team to check they are safe"
    assert tile.detail.text() == said
    window.show_page(window.dashboard)
    grab(window, screenshot_dir / "dashboard_not_checked_in.png")
    tile.clicked.emit()
    assert window.stack.currentWidget() is window.visits
    assert number in window.visits.banner_text.text()
    other = _window(qtbot, database, "agent03")  # not on the team: told nothing
    other.dashboard.refresh()
    qtbot.waitUntil(lambda: other.dashboard.figures is not None, timeout=5000)
    assert other.dashboard.figures.visits_not_checked_in == 0
    quiet = other.dashboard.tiles["late_checkouts"]
    assert quiet.value.text() == "0" and quiet.value.property(ROLE_PROPERTY) != ALERT_VALUE
    set_language("zh_CN")
    try:
        agent = _window(qtbot, database, "agent01")  # on the team: the supervisor is alerted
        agent.dashboard.refresh()
        qtbot.waitUntil(lambda: agent.dashboard.figures is not None, timeout=5000)
        tile = agent.dashboard.tiles["late_checkouts"]
        assert tile.title.text() == "需电话确认安全的上门" and tile.value.text() == "1"
        assert tile.detail.text() == "1 个预约后一直未签到：系统会提醒主管"
        agent.show_page(agent.dashboard)
        grab(agent, screenshot_dir / "dashboard_not_checked_in_zh_CN.png")
    finally:
        set_language("en")


def test_approve_is_off_with_the_reason_once_its_time_has_passed(qtbot, database, screenshot_dir):
    """Booked while the office asks for approval, its time passed first: Approve… is off, its
    tool tip says to move or cancel the visit instead (the core's refusal), and Move… and
    Cancel visit… stay on."""
    from sqlalchemy import select

    from app import settings
    from app.models import User

    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    number, _ = missed_visit(database)
    page = visits_page(qtbot, database, "supervisor")
    page.show_week(START.date())
    page.select(number)
    assert not page.approve_button.isEnabled()
    tip = page.approve_button.toolTip()
    assert f"Visit {number} was booked for {SLOT}" in tip and "move it to a new time" in tip
    assert page.reschedule_button.isEnabled() and page.cancel_button.isEnabled()
    grab(page, screenshot_dir / "visits_not_checked_in_approve_off.png")
