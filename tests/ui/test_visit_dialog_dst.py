"""The booking and reschedule dialogs of an office on the night its clocks go back (New York's or
Sydney's, tests/core/dst_night.py): a start in the repeated hour says under the field which
reading it is, the first (EDT) unless the second (EST) is chosen, and the visit is saved at the
instant chosen; a visit booked at the second reading opens for rescheduling as the second.
Screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Office, Visit
from app.visits.quiet_consent import QuietAgreement
from tests.conftest import TEST_KEY
from tests.core.dst_night import repeated_start
from tests.core.visit_office import (
    QUIET_AGREED_AT,
    book,
    case_nos,
    login,
    verified_visit,
    visit_office_path,
)
from tests.ui.test_visits_page import grab, settle

pytestmark = pytest.mark.gui

FIRST = repeated_start()
ZONE = FIRST.tzinfo
assert isinstance(ZONE, zoneinfo.ZoneInfo)
NIGHT = FIRST.date()
SECOND = FIRST.replace(fold=1)  # an hour later
TIME = f"{FIRST:%H:%M}"  # 01:30 in New York, 02:30 in Sydney


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    with db.session() as s:
        s.scalar(select(Office)).timezone = ZONE.key
    yield db
    db.close()


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _saved_start(db, number: str) -> dt.datetime:
    with db.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == number))
        return start.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_booking_dialog_says_which_reading_and_books_the_second(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.visit import VisitDialog

    case_no = case_nos(database)[0]
    verified_visit(database, case_no)
    set_language(lang)
    try:
        dialog = _shown(qtbot, VisitDialog(database, login(database, "agent01"), case_no))
        choice = dialog.repeated_hour
        dialog.set_start(dt.datetime.combine(NIGHT, dt.time(10), ZONE))
        assert not choice.isVisible()  # 10:00 comes once
        dialog.set_start(FIRST)
        assert choice.isVisible() and choice.first.isChecked()
        assert dialog.start_time().astimezone(dt.UTC) == FIRST.astimezone(dt.UTC)
        if lang == "en":
            assert choice.note.text() == (
                f"{TIME} comes twice that night (clocks go back): this is the first, {FIRST:%Z}."
            )
            assert (choice.first.text(), choice.second.text()) == (
                f"First {TIME} ({FIRST:%Z})",
                f"Second {TIME} ({SECOND:%Z})",
            )
        else:
            assert TIME in choice.note.text() and f"{FIRST:%Z}" in choice.note.text()
            assert "comes twice" not in choice.note.text()
        choice.second.click()
        assert dialog.start_time().astimezone(dt.UTC) == SECOND.astimezone(dt.UTC)
        assert f"{SECOND:%Z}" in choice.note.text()
        dialog.start.setTime(QTime(FIRST.hour, 45))  # typed: the same hour, 15 minutes on
        assert choice.second.isChecked()  # the reading chosen stays
        assert dialog.start_time().astimezone(dt.UTC) == SECOND.astimezone(dt.UTC) + dt.timedelta(
            minutes=15
        )
        dialog.set_start(SECOND)
        dialog.set_agents("agent01", "agent02")
        dialog.agreed.setChecked(True)
        dialog.enter.setChecked(True)
        dialog.quiet.set_agreement(QuietAgreement("张伟", QUIET_AGREED_AT, "电话中本人同意"))
        settle(qtbot, dialog)
        grab(dialog, screenshot_dir / f"qadst2-visit-dialog-{lang}.png")
        assert dialog.try_book() is True, dialog.error.text() + dialog.status.text()
        assert dialog.booked is not None
        assert _saved_start(database, dialog.booked) == SECOND.astimezone(dt.UTC)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_visit_at_the_second_reading_reschedules_as_the_second(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.visit_reschedule import RescheduleDialog

    number = verified_visit(database, case_nos(database)[0])
    agreed = QuietAgreement("张伟", QUIET_AGREED_AT, "电话中本人同意")
    assert book(database, number, start=SECOND, quiet_agreement=agreed).saved
    set_language(lang)
    try:
        dialog = _shown(qtbot, RescheduleDialog(database, login(database, "agent01"), number))
        choice = dialog.repeated_hour
        assert choice.isVisible() and choice.second.isChecked()
        assert dialog.start_time().astimezone(dt.UTC) == SECOND.astimezone(dt.UTC)
        assert f"{TIME} {SECOND:%Z}" in dialog.booked_now.text()
        assert dialog.agreed.isChecked()
        grab(dialog, screenshot_dir / f"qadst2-visit-reschedule-{lang}.png")
        choice.first.click()  # an hour earlier: the borrower agreed to the other reading
        assert dialog.start_time().astimezone(dt.UTC) == FIRST.astimezone(dt.UTC)
        assert not dialog.agreed.isChecked()
        choice.second.click()
        assert dialog.agreed.isChecked()
    finally:
        set_language("en")
