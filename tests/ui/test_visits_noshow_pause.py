"""The Visits page: No-show… (the CLI's `visit noshow`, through the same core function, on when
the core would take it), a complaint's pause named on a booked visit (the list, the calendar, the
detail line; no-show and check-in off), and a check-out's next step in the visit's detail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import ContactAttempt, Outcome, Visit, VisitStatus
from tests.conftest import TEST_KEY
from tests.core.test_visit_pause import lift, pause_case
from tests.core.test_visits import come_due
from tests.core.visit_office import book, case_nos, login, slot, verified_visit, visit_office_path
from tests.ui.cells import cell_tip
from tests.ui.test_trust import when_modal
from tests.ui.test_visits_page import grab, visits_page
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SHOTS = Path("/tmp/visits-shots")


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def _booked(database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    case_no = case_nos(database)[0]
    number = verified_visit(database, case_no)
    assert book(database, number, minutes=60).saved
    return case_no, number


def _shown(page, database, number: str, started: dt.timedelta) -> None:  # type: ignore[no-untyped-def]
    """The visit moved to have begun `started` ago, its week shown and the visit selected."""
    come_due(database, number, started)
    began = dt.datetime.now(dt.UTC) - started
    page.show_week(began.astimezone(slot(10).tzinfo).date())
    page.select(number)
    assert page.selected is not None and page.selected.visit_no == number


def test_record_a_no_show_from_the_visits_page(qtbot, database):
    """QA: the window could not record a no-show, though a late check-in's refusal told the user
    to record one."""
    from ui.dialogs.visit_noshow import NoShowDialog

    _case_no, number = _booked(database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert page.noshow_button.text() == "No-show…" and not page.noshow_button.isHidden()
    assert not page.noshow_button.isEnabled()  # booked two weeks ahead: the core says when
    assert "a no-show is recorded once that time has come" in page.noshow_button.toolTip()
    _shown(page, database, number, dt.timedelta(minutes=65))  # the slot ended
    assert page.check_in_selected() is False
    assert "Record the visit as a no-show" in page.message.text()
    assert page.noshow_button.isEnabled() and page.noshow_button.toolTip() == ""
    grab(page, SHOTS / "visits_page_noshow_enabled_en.png")

    seen: dict[str, str] = {}

    def record(dialog: NoShowDialog) -> None:
        dialog.notes.setPlainText("无人应门，邻居称白天上班")
        dialog.travel.setText("3O.00")  # a letter O
        assert dialog.try_save() is False
        seen["refusal"] = dialog.error.text()
        dialog.travel.setText("35.00")
        dialog.minutes.setValue(90)
        grab(dialog, SHOTS / "visit_noshow_dialog_en.png")
        assert dialog.try_save()

    when_modal(NoShowDialog, record)
    assert page.no_show_selected() is True
    assert "Not an amount" in seen["refusal"]
    assert page.message.text() == f"Visit {number} recorded as a no-show."
    # The hub reloaded the page: the visit reads as a no-show, No-show… is off again.
    assert page.selected is not None and page.selected.status is VisitStatus.NO_SHOW
    assert not page.noshow_button.isEnabled()
    assert "<b>Notes</b>: 无人应门，邻居称白天上班" in page.detail.text()
    assert "Notes: 无人应门，邻居称白天上班" in page.detail.toolTip()
    with database.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert visit.status is VisitStatus.NO_SHOW and visit.checked_in_at is None
        assert (visit.travel_cost, visit.hours_minutes) == (3500, 90)
        line = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == visit.case_id))
        assert line.outcome is Outcome.NO_ANSWER and line.notes == "无人应门，邻居称白天上班"


def test_the_no_show_dialog_in_chinese(qtbot, database):
    from ui.dialogs.visit_noshow import NoShowDialog

    _case_no, number = _booked(database)
    set_language("zh_CN")
    try:
        dialog = NoShowDialog(database, login(database, "agent01"), number)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.windowTitle() == f"将上门 {number} 记录为未见到本人"
        assert dialog.try_save() is False  # not yet time: the core refuses, in Chinese
        assert "到了预约时间才能记录为未见到本人" in dialog.error.text()
        grab(dialog, SHOTS / "visit_noshow_dialog_zh_CN.png")
    finally:
        set_language("en")


def test_a_paused_case_is_named_and_its_visit_cannot_start(qtbot, database):
    """QA: the Visits page listed a booked visit on a paused case with no mention of the pause."""
    case_no, number = _booked(database)
    complaint_no = pause_case(database, case_no)
    page = visits_page(qtbot, database, "supervisor")
    _shown(page, database, number, dt.timedelta(minutes=65))
    said = f"Contact paused: complaint {complaint_no} is open; do not go"
    assert page.detail.isVisible() and said in page.detail.text()
    assert said in page.detail.toolTip()
    assert not page.noshow_button.isEnabled()
    assert "paused while a complaint is open" in page.noshow_button.toolTip()
    assert not page.checkin_button.isEnabled()
    assert "paused while a complaint is open" in page.checkin_button.toolTip()
    (row,) = [r for r in range(page.list.rowCount()) if cell_text(page.list, r, 0) == number]
    # Its slot ended 5 minutes ago with no check-in: that is said too (app/visits/no_check_in.py).
    assert cell_text(page.list, row, 3) == "Booked, not checked in (contact paused)"
    cells = [
        cell_text(page.calendar, r, c)
        for r in range(page.calendar.rowCount())
        for c in range(7)
        if number in cell_tip(page.calendar, r, c)
    ]
    # Both agents, on each office day the hour spans (it began 65 minutes ago: just after the
    # office's midnight it began the day before, and shows on both days).
    began = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=65)).astimezone(slot(10).tzinfo)
    days = len({began.date(), (began + dt.timedelta(minutes=60)).date()})
    assert len(cells) == 2 * days and all("⚠ Contact paused" in text for text in cells)
    grab(page, SHOTS / "visits_page_paused_en.png")
    page.tabs.setCurrentIndex(1)
    grab(page, SHOTS / "visits_page_paused_list_en.png")
    set_language("zh_CN")
    try:
        zh = visits_page(qtbot, database, "supervisor")
        zh.resize(1024, 640)
        _shown(zh, database, number, dt.timedelta(minutes=65))
        assert f"暂停联系：投诉 {complaint_no} 尚未办结" in zh.detail.text()
        assert zh.noshow_button.text() == "未见到本人…"
        statuses = [cell_text(zh.list, r, 3) for r in range(zh.list.rowCount())]
        assert "已预约，未签到（暂停联系）" in statuses
        grab(zh, SHOTS / "visits_page_paused_zh_CN.png")
        zh.tabs.setCurrentIndex(1)
        grab(zh, SHOTS / "visits_page_paused_list_zh_CN.png")
    finally:
        set_language("en")
    lift(database, complaint_no)
    page.hub.announce("complaint", "case")  # the Complaints page announces a lifted pause
    page.select(number)
    assert page.noshow_button.isEnabled() and "Contact paused" not in page.detail.text()
    assert cell_text(page.list, row, 3) == "Booked, not checked in"


def test_the_next_step_shows_in_the_detail_and_a_too_long_one_is_refused(qtbot, database):
    """QA: the next step was cut to 200 characters without a word, and shown nowhere."""
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    _case_no, number = _booked(database)
    page = visits_page(qtbot, database, "agent01")
    _shown(page, database, number, dt.timedelta(minutes=10))
    assert page.check_in_selected()
    dialog = VisitOutcomeDialog(database, login(database, "agent01"), number)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setCurrentIndex(dialog.reason.findData("business_failure"))
    dialog.notes.setPlainText("借款人在家，态度配合")
    dialog.next_step.setText("起" * 201)
    assert dialog.try_save() is False
    assert dialog.error.text() == "The next step is too long: 201 characters, at most 200."
    with database.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == number))
    assert status is VisitStatus.IN_PROGRESS
    dialog.next_step.setText("下周三前起草还款协议")
    assert dialog.try_save() is True
    page.reload()
    page.select(number)
    text = page.detail.text()
    assert "<b>Next step</b>: 下周三前起草还款协议" in text
    assert "<b>Reason for default</b>: Business failure" in text
    grab(page, SHOTS / "visits_page_next_step_en.png")
