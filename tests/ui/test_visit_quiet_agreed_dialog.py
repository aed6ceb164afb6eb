"""The booking and reschedule dialogs record the borrower's agreement to a visit's early or late
time (quiet hours): refused at 07:30 with the way named, the box ticked with who, when and how,
then allowed and booked; a move to another time unticks it until agreed again. Times explicit,
in Shanghai, whatever the hour the tests run at; screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.i18n import set_language
from app.models import Visit
from app.visits.quiet_consent import QuietAgreement
from tests.core.visit_office import QUIET_AGREED_AT, SHANGHAI, case_nos, login, slot, verified_visit
from tests.ui.test_visit_reschedule_dialog import _booked, _dialog, _lines, database  # noqa: F401
from tests.ui.test_visits_page import grab, settle
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui

AGREED_AT = QUIET_AGREED_AT


def _kept(db, number: str) -> tuple[str | None, str | None, dt.datetime | None]:  # noqa: F811
    with db.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        return visit.quiet_agreed_by, visit.quiet_agreed_how, visit.quiet_agreed_at


def _book_dialog(qtbot, db):  # type: ignore[no-untyped-def]  # noqa: F811
    from ui.dialogs.visit import VisitDialog

    case_no = case_nos(db)[0]
    verified_visit(db, case_no)
    dialog = VisitDialog(db, login(db, "agent01"), case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_agents("agent01", "agent02")
    dialog.set_start(slot(7, 30))
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    settle(qtbot, dialog)
    return dialog


def test_the_booking_dialog_records_the_agreement_and_books_at_0730(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    dialog = _book_dialog(qtbot, database)
    assert dialog.panel.header.text() == "Blocked"
    lines = _lines(dialog)
    assert "record who agreed, when and how with the booking" in lines
    assert "The borrower agreed to this early or late time" in lines
    quiet = dialog.quiet
    assert plain(quiet.box.text()) == "The borrower agreed to this early or late time"
    assert not quiet.details.isVisible()
    grab(dialog, screenshot_dir / "visit_quiet_refused.png")
    quiet.box.setChecked(True)
    assert quiet.details.isVisible() and quiet.who.text() == "张伟"  # the borrower, to start
    settle(qtbot, dialog)
    assert "Say how the borrower agreed" in _lines(dialog)  # the live check asks for how
    quiet.how.setText("电话中本人要求上班前上门")
    from ui.widgets import set_zoned

    set_zoned(quiet.when, AGREED_AT, SHANGHAI)
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Allowed"
    assert "allowed because the borrower agreed to this visit&#x27;s time" in _lines(dialog)
    grab(dialog, screenshot_dir / "visit_quiet_agreed.png")
    assert dialog.try_book() is True, dialog.error.text()
    assert _kept(database, dialog.booked) == ("张伟", "电话中本人要求上班前上门", AGREED_AT)


def test_the_booking_dialog_in_chinese(qtbot, database, screenshot_dir):  # noqa: F811
    set_language("zh_CN")
    try:
        dialog = _book_dialog(qtbot, database)
        assert dialog.panel.header.text() == "禁止"
        assert "借款人同意此清晨或夜间时间" in _lines(dialog)
        dialog.quiet.box.setChecked(True)
        dialog.quiet.how.setText("电话中本人要求上班前上门")
        settle(qtbot, dialog)
        assert dialog.panel.header.text() == "允许"
        grab(dialog, screenshot_dir / "visit_quiet_agreed_zh.png")
    finally:
        set_language(None)


def test_the_reschedule_dialog_unticks_it_for_another_time_and_records_a_new_one(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    agreed = QuietAgreement("张伟", AGREED_AT, "电话中本人要求上班前上门")
    number = _booked(database, start=slot(7, 30), quiet_agreement=agreed)
    dialog = _dialog(qtbot, database, number)
    quiet = dialog.quiet
    assert quiet.box.isChecked() and quiet.how.text() == "电话中本人要求上班前上门"
    dialog.set_start(slot(7))  # the borrower agreed to 07:30, not to 07:00
    assert not quiet.box.isChecked()
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Blocked"
    lines = _lines(dialog)  # the tick box named, not the command line's options (found by QA)
    assert "The borrower agreed to this early or late time" in lines
    assert "--quiet-agreed-by" not in lines
    dialog.set_start(slot(7, 30))
    assert quiet.box.isChecked()  # back to the agreed time
    dialog.set_start(slot(7))
    dialog.agreed.setChecked(True)  # they agreed to 07:00 on the phone
    quiet.box.setChecked(True)
    quiet.how.setText("改约电话中本人同意七点")
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Allowed"
    grab(dialog, screenshot_dir / "visit_quiet_reschedule.png")
    dialog.reason.setText("借款人要求提前半小时")
    assert dialog.try_save() is True, dialog.error.text()
    assert _kept(database, number)[:2] == ("张伟", "改约电话中本人同意七点")
