"""The reschedule dialog and the Visits page's Reschedule… button with pytest-qt on a small office:
the booking form filled with the visit as booked, the live verdict, the reason asked for, a clash
refused with nothing changed, a supervisor's override, the page following the visit to its new
week; screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.errors import ValidationError
from app.i18n import set_language
from app.models import AuditEntry, User, Visit, VisitStatus
from tests.conftest import TEST_KEY
from tests.core.visit_office import (
    book,
    case_nos,
    login,
    slot,
    verified_visit,
    visit_day,
    visit_office_path,
)
from tests.ui.test_trust import when_modal
from tests.ui.test_visits_page import grab, settle, visits_page

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def _booked(database, case_index: int = 0, **kwargs) -> str:  # type: ignore[no-untyped-def]
    number = verified_visit(database, case_nos(database)[case_index])
    assert book(database, number, **kwargs).saved
    return number


def _dialog(qtbot, database, number: str, who: str = "agent01"):  # type: ignore[no-untyped-def]
    from ui.dialogs.visit_reschedule import RescheduleDialog

    dialog = RescheduleDialog(database, login(database, who), number)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _saved(database, number: str) -> tuple[dt.datetime, dt.datetime, int | None]:
    with database.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        return (
            visit.scheduled_start.replace(tzinfo=dt.UTC),
            visit.scheduled_end.replace(tzinfo=dt.UTC),
            visit.approved_by_id,
        )


def _lines(dialog) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(line.text() for line in dialog.panel.lines)


def test_the_dialog_opens_with_the_booking_and_moves_it(qtbot, database, screenshot_dir):
    number = _booked(database, start=slot(10), minutes=90)
    dialog = _dialog(qtbot, database, number)
    assert dialog.windowTitle() == f"Reschedule visit {number} (张伟)"
    assert dialog.agents() == ["agent01", "agent02"]  # the team as booked, lead first
    assert dialog.start_time() == slot(10) and dialog.minutes.value() == 90
    assert dialog.agreed.isChecked() and dialog.enter.isChecked()
    assert not dialog.at_work.isChecked()  # booked at home
    assert dialog.booked_now.text().startswith(f"Booked now: {slot(10):%Y-%m-%d} 10:00–11:30")
    assert "王芳, 李强" in dialog.booked_now.text()  # the team by name
    # Unchanged, the move is refused before the rules, and the panel says so.
    assert dialog.panel.header.text() == "Cannot check yet"
    assert "nothing to change" in _lines(dialog)
    dialog.set_start(slot(15))
    # The borrower agreed to 10:00, not to 15:00: unticked until they do; back, ticked again.
    assert not dialog.agreed.isChecked() and dialog.enter.isChecked()
    dialog.set_start(slot(10))
    assert dialog.agreed.isChecked()
    dialog.set_start(slot(15))
    dialog.agreed.setChecked(True)  # they agreed to the new time on the phone
    dialog.set_agents("agent01", "agent03")
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Allowed"
    grab(dialog, screenshot_dir / "visit_reschedule_dialog.png")
    assert dialog.try_save() is False  # no reason yet
    assert "needs a reason" in dialog.error.text()
    assert _saved(database, number)[0] == slot(10).astimezone(dt.UTC)
    dialog.reason.setText("改" * 2_001)  # capped as every reason (QA s44: 5,000 saved)
    assert dialog.try_save() is False
    assert dialog.error.text() == "The reason is too long: 2,001 characters, at most 2,000."
    assert _saved(database, number)[0] == slot(10).astimezone(dt.UTC)
    dialog.reason.setText("借款人要求改到下午")
    assert dialog.try_save() is True, dialog.error.text()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.moved is not None and dialog.moved.visit_no == number
    assert dialog.moved.agents == ("agent01", "agent03")
    start, end, _approved = _saved(database, number)
    assert start == slot(15).astimezone(dt.UTC) and end - start == dt.timedelta(minutes=90)
    with database.sessions() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "visit.reschedule"))
        assert entry is not None and is_sealed(entry.changes["reason"])
        assert open_changes(s, entry.changes)["reason"] == "借款人要求改到下午"


def test_a_clash_is_shown_live_and_the_visit_keeps_its_time(qtbot, database, screenshot_dir):
    _booked(database, 0, start=slot(10))  # agent01 and agent02, 10:00–11:00
    number = _booked(database, 1, agents=("agent03", "agent01"), start=slot(14))
    dialog = _dialog(qtbot, database, number)
    dialog.set_start(slot(10, 30))
    dialog.reason.setText("借款人要求上午")
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Blocked"
    assert "王芳 is already booked" in _lines(dialog)
    grab(dialog, screenshot_dir / "visit_reschedule_blocked.png")
    assert dialog.try_save() is False
    assert dialog.status.text().startswith("Not rescheduled: blocked")
    assert dialog.isVisible() and not dialog.override_button.isEnabled()
    assert _saved(database, number)[0] == slot(14).astimezone(dt.UTC)


def test_a_move_that_needs_an_override_is_saved_by_a_supervisor(qtbot, database):
    number = _booked(database, start=slot(10))
    dialog = _dialog(qtbot, database, number)
    dialog.set_start(slot(15))
    assert not dialog.agreed.isChecked()  # the borrower has not agreed to the new time
    dialog.reason.setText("主管安排")
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Needs a supervisor's override"
    assert dialog.try_save() is False
    assert "supervisor's override" in dialog.status.text()
    assert dialog.override_button.isEnabled()
    boss = login(database, "supervisor")
    assert dialog.try_save(boss, "家属代为同意，已电话确认") is True, dialog.error.text()
    start, _end, approved = _saved(database, number)
    assert start == slot(15).astimezone(dt.UTC) and approved == boss.id


def test_only_a_booked_visit_opens_the_dialog(qtbot, database):
    from ui.dialogs.visit_reschedule import RescheduleDialog

    number = verified_visit(database, case_nos(database)[0])
    with pytest.raises(ValidationError, match="only a booked visit"):
        RescheduleDialog(database, login(database, "agent01"), number)


def test_the_page_s_button_moves_the_visit_and_follows_it(qtbot, database, screenshot_dir):
    from ui.dialogs.visit_reschedule import RescheduleDialog

    number = _booked(database, start=slot(10))
    waiting = verified_visit(database, case_nos(database)[1])  # listed, not booked
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    assert not page.reschedule_button.isEnabled()  # nothing selected
    page.select(waiting)
    assert page.selected is not None and not page.reschedule_button.isEnabled()
    page.select(number)
    assert page.reschedule_button.isEnabled()
    assert page.reschedule_button.text() == "Reschedule…"
    grab(page, screenshot_dir / "visits_reschedule_button.png")
    # A week later, so the page has to follow the visit to its new week.
    later = visit_day((visit_day() - dt.date.today()).days + 7)

    def move(dialog: RescheduleDialog) -> None:
        dialog.set_start(slot(11, day=later))
        dialog.agreed.setChecked(True)  # the borrower asked for it
        dialog.reason.setText("借款人出差，推迟一周")
        assert dialog.try_save(), dialog.error.text()

    when_modal(RescheduleDialog, move)
    page.reschedule_button.click()
    assert _saved(database, number)[0] == slot(11, day=later).astimezone(dt.UTC)
    assert page.week_start == later - dt.timedelta(days=later.weekday())
    assert page.selected is not None and page.selected.visit_no == number
    assert page.message.text() == f"Visit {number} rescheduled."
    grab(page, screenshot_dir / "visits_rescheduled.png")


def test_a_refusal_before_the_dialog_is_told_on_the_page(qtbot, database):
    """The visit checked in on another workstation: the page still offered it, the core refuses."""
    from sqlalchemy import update

    number = _booked(database, start=slot(10))
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    with database.session() as s:
        s.execute(
            update(Visit).where(Visit.visit_no == number).values(status=VisitStatus.IN_PROGRESS)
        )
    assert page.reschedule_selected() is None
    assert f"Visit {number} is in progress; only a booked visit" in page.message.text()


def test_the_dialog_in_chinese(qtbot, database, screenshot_dir):
    _booked(database, 0, start=slot(10))
    number = _booked(database, 1, agents=("agent03", "agent01"), start=slot(14))
    set_language("zh_CN")
    try:
        dialog = _dialog(qtbot, database, number)
        assert dialog.windowTitle() == f"上门 {number} 改约（欧阳明华）"
        assert dialog.save_button.text() == "改约"
        assert dialog.booked_now.text().startswith("当前预约：")
        assert "赵敏、王芳" in dialog.booked_now.text()
        assert "没有需要修改的内容" in _lines(dialog)
        dialog.set_start(slot(10, 30))
        settle(qtbot, dialog)
        assert dialog.panel.header.text() == "禁止"
        grab(dialog, screenshot_dir / "visit_reschedule_dialog_zh.png")
        assert dialog.try_save() is False and dialog.error.text() == "上门改约须说明原因。"
    finally:
        set_language(None)


def test_a_visit_booked_at_work_is_moved_as_one(qtbot, database):
    """The booking's "at the borrower's place of work" was checked and forgotten: the move was
    checked as a visit at home (the UK rule set blocks visits at work)."""
    from app.visits.detail import visit_detail

    number = _booked(database, start=slot(10), at_workplace=True)
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        assert visit_detail(s, agent, number).at_workplace is True
    dialog = _dialog(qtbot, database, number)
    assert dialog.at_work.isChecked()
    dialog.set_start(slot(15))
    dialog.agreed.setChecked(True)
    dialog.reason.setText("改到下午")
    assert dialog.try_save() is True, dialog.error.text()
    with database.sessions() as s:
        assert s.scalar(select(Visit.at_workplace).where(Visit.visit_no == number)) is True
