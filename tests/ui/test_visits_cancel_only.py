"""The Visits page and the case page on a booked visit never checked in on which no no-show can
be recorded (awaiting approval, or its case paused by a complaint): the banner, the detail, the
calendar cell's tool tip and the case's note offer the cancellation only (QA: they said "a
no-show … or Cancel visit…" while No-show… was off). Its slot is fixed: 2026-03-10 09:00–10:00."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.missed_visit import START, missed_visit
from tests.core.test_visit_pause import pause_case
from tests.core.visit_office import login, visit_office_path
from tests.ui.cells import cell_tip
from tests.ui.test_visits_page import grab, visits_page

pytestmark = pytest.mark.gui

OFFERED = "a no-show if they went and met nobody"
NEVER_APPROVED = "it was never approved, so it cannot be recorded as a no-show"


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def _require_approval(database) -> None:  # type: ignore[no-untyped-def]
    from app import settings
    from app.models import User

    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)


def _cell_tips(page) -> list[str]:  # type: ignore[no-untyped-def]
    view = page.calendar
    tips = (cell_tip(view, r, c) for r in range(view.rowCount()) for c in range(7))
    return [tip for tip in tips if "张伟" in tip]


def test_an_unapproved_visit_is_offered_the_cancel_only(qtbot, database, screenshot_dir):
    _require_approval(database)
    number, _ = missed_visit(database)
    page = visits_page(qtbot, database, "supervisor")
    banner = page.banner_text.text()
    assert NEVER_APPROVED in banner and "Select the visit, then Cancel visit…." in banner
    assert OFFERED not in banner and "No-show…" not in banner
    page.show_week(START.date())
    page.select(number)
    assert not page.noshow_button.isEnabled() and page.cancel_button.isEnabled()
    assert NEVER_APPROVED in page.detail.text() and OFFERED not in page.detail.text()
    tips = _cell_tips(page)
    assert tips and all(NEVER_APPROVED in tip and OFFERED not in tip for tip in tips)
    grab(page, screenshot_dir / "visits_not_checked_in_cancel_only_en.png")
    set_language("zh_CN")
    try:
        zh = visits_page(qtbot, database, "supervisor")
        banner = zh.banner_text.text()
        assert "未获审批，不能记录为未见到本人" in banner and "再点“取消上门…”" in banner
        assert "“未见到本人…”" not in banner
        zh.show_week(START.date())
        zh.select(number)
        assert "未获审批，不能记录为未见到本人" in zh.detail.text()
        grab(zh, screenshot_dir / "visits_not_checked_in_cancel_only_zh_CN.png")
    finally:
        set_language("en")


def test_a_paused_case_s_visit_is_offered_the_cancel_only_there_and_on_its_case(
    qtbot, database, screenshot_dir
):
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    number, case_no = missed_visit(database)
    pause_case(database, case_no)
    page = visits_page(qtbot, database, "agent01")
    banner = page.banner_text.text()
    assert "an open complaint pauses contact on its case" in banner and OFFERED not in banner
    page.show_week(START.date())
    page.select(number)
    assert not page.noshow_button.isEnabled()
    assert "so it cannot be recorded as a no-show" in page.detail.text()
    case_page = CasePage(database, ChangeHub(), login(database, "agent01"))
    qtbot.addWidget(case_page)
    case_page.show()
    assert case_page.show_case(case_no)
    status = case_page.case_form.values["Status"].text()
    assert "cancel the visit with a reason: an open complaint pauses" in status
    assert OFFERED not in status
