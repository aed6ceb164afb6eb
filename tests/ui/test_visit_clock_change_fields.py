"""The visit dialog's date-and-time fields on the nights an office's clocks change (New York and
London, tests/core/dst_night.py): a start typed at a time the clocks skip stays as typed, the
note under it says in the core's words that it does not exist, and booking is refused (Qt's
zoned field used to turn it into another time first); the borrower's agreement to an early or
late time takes the second reading of the hour that comes twice, as the start does, and says
when it is dated at a skipped time. Screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateTimeEdit
from sqlalchemy import select

from app.agreements.holiday_dates import is_holiday
from app.i18n import set_language
from app.models import Office, Visit
from app.wall_clock import gap_at, skipped_time
from tests.conftest import TEST_KEY
from tests.core.dst_night import last_repeated, skipped_wall
from tests.core.visit_office import (
    SHANGHAI,
    case_nos,
    login,
    office_today,
    verified_visit,
    visit_office_path,
)
from tests.ui.test_visits_page import grab, settle

pytestmark = pytest.mark.gui

NEW_YORK, LONDON = "America/New_York", "Europe/London"


@pytest.fixture
def office(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    """Open the visit office on the clock of the zone given to it."""
    from db.store import open_database
    from ui.app import application

    application()
    opened = []

    def on(key: str):  # type: ignore[no-untyped-def]
        db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
        with db.session() as s:
            s.scalar(select(Office)).timezone = key
        opened.append(db)
        return db

    yield on
    for db in opened:
        db.close()


def _dialog(qtbot, db):  # type: ignore[no-untyped-def]
    from ui.dialogs.visit import VisitDialog

    number = verified_visit(db, case_nos(db)[0])
    dialog = VisitDialog(db, login(db, "agent01"), case_nos(db)[0])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_agents("agent01", "agent02")
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    return dialog, number


def _quiet_start(zone: zoneinfo.ZoneInfo, minutes: int = 60) -> dt.datetime:
    """11:00 on the office's clock (`zone`) at least two days ahead: 23:00 or midnight for the
    borrower in Shanghai, in quiet hours. The office keeps China's rule set, whose rule
    public_holidays asks a supervisor's override for a visit on a Chinese public holiday by the
    borrower's date (11:00 in New York on 2027-02-07 is Spring Festival on the 8th in Shanghai):
    the first such day whose visit starts and ends on no public holiday there (the rule set has
    no weekend rule, so a weekend day is kept)."""
    day = office_today() + dt.timedelta(days=2)
    while True:
        start = dt.datetime.combine(day, dt.time(11), zone)
        ends = (start, start + dt.timedelta(minutes=minutes))
        dates = {at.astimezone(SHANGHAI).date() for at in ends}
        if not any(is_holiday("CN", d) for d in dates):
            return start
        day += dt.timedelta(days=1)


def _type_time(edit: QDateTimeEdit, wall: dt.datetime) -> None:
    """Type `wall`'s hour and minute into the field's hour section, as a user does."""
    edit.setFocus()
    edit.setSelectedSection(QDateTimeEdit.Section.HourSection)
    QTest.keyClicks(edit, f"{wall:%H%M}")
    QTest.keyClick(edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize("key", [NEW_YORK, LONDON])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_start_typed_in_the_skipped_hour_stays_is_named_and_is_not_booked(
    qtbot, office, screenshot_dir, key: str, lang: str
) -> None:
    db = office(key)
    zone = zoneinfo.ZoneInfo(key)
    wall = skipped_wall(key)  # 02:30 in New York, 01:30 in London
    gap = gap_at(wall, zone)
    assert gap is not None
    set_language(lang)
    try:
        dialog, number = _dialog(qtbot, db)
        dialog.set_start(dt.datetime.combine(wall.date(), dt.time(10), zone))
        note = dialog.repeated_hour
        assert not note.isVisible()  # 10:00 exists
        _type_time(dialog.start, wall)
        assert dialog.start.text() == f"{wall:%Y-%m-%d %H:%M}"  # as typed, not moved
        assert dialog.start_time().replace(tzinfo=None) == wall
        assert note.isVisible() and not note.readings.isVisible()
        assert not dialog.borrower_time.isVisible()  # no time on the borrower's clock either
        said = note.note.text()
        refusal = skipped_time(wall, zone)
        assert refusal is not None and said == refusal.translated(lang)
        if lang == "en":
            assert said.startswith(
                f"{wall:%Y-%m-%d %H:%M} does not exist on the office's clock ({key}): the clocks "
                f"go forward from {gap.start:%H:%M} to {gap.end:%H:%M} that night."
            )
        else:
            assert f"{wall:%Y-%m-%d %H:%M}" in said and "does not exist" not in said
            assert f"{gap.start:%H:%M}" in said and f"{gap.end:%H:%M}" in said
        settle(qtbot, dialog)
        short = "ny" if key == NEW_YORK else "london"
        grab(dialog, screenshot_dir / f"qavisitdst-skipped-start-{short}-{lang}.png")
        assert dialog.try_book() is False
        assert said in dialog.error.text()
        with db.sessions() as s:
            assert s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == number)) is None
        _type_time(dialog.start, gap.end)  # the first minute after the jump exists
        assert not note.isVisible() and dialog.borrower_time.isVisible()
        assert dialog.start_time() == gap.end.replace(tzinfo=zone)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_agreement_takes_the_second_reading_of_the_repeated_hour(
    qtbot, office, screenshot_dir, lang: str
) -> None:
    db = office(NEW_YORK)
    zone = zoneinfo.ZoneInfo(NEW_YORK)
    first = last_repeated(NEW_YORK)  # 01:30 EDT on the last night the clocks went back
    second = first.replace(fold=1)  # 01:30 EST, an hour later
    set_language(lang)
    try:
        dialog, number = _dialog(qtbot, db)
        # 23:00 or midnight for the borrower, on Shanghai's clock: in quiet hours, agreement kept
        dialog.set_start(_quiet_start(zone, dialog.minutes.value()))
        quiet = dialog.quiet
        quiet.box.setChecked(True)
        quiet.how.setText("电话中本人同意深夜上门")
        quiet.when_clock.set_time(dt.datetime.combine(first.date(), dt.time(9), zone))
        choice = quiet.when_clock
        assert not choice.isVisible()  # 09:00 comes once
        _type_time(quiet.when, first)
        assert choice.isVisible() and choice.readings.isVisible() and choice.first.isChecked()
        agreement = quiet.agreement()
        assert agreement is not None and agreement.at.astimezone(dt.UTC) == first.astimezone(dt.UTC)
        choice.second.click()
        agreement = quiet.agreement()
        assert agreement is not None
        assert agreement.at.astimezone(dt.UTC) == second.astimezone(dt.UTC)
        assert f"{second:%Z}" in choice.note.text() and f"{first:%H:%M}" in choice.note.text()
        if lang == "en":
            assert choice.note.text() == (
                f"{first:%H:%M} comes twice that night (clocks go back): this is the second, "
                f"{second:%Z}."
            )
        settle(qtbot, dialog)
        grab(dialog, screenshot_dir / f"qavisitdst-agreed-second-{lang}.png")
        assert dialog.try_book() is True, dialog.error.text() + dialog.status.text()
        with db.sessions() as s:
            visit = s.scalar(select(Visit).where(Visit.visit_no == number))
            assert visit.scheduled_start is not None
            assert visit.quiet_agreed_at is not None
            kept = visit.quiet_agreed_at.replace(tzinfo=dt.UTC)
            assert kept == second.astimezone(dt.UTC)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_agreement_dated_in_the_skipped_hour_is_named_and_refused(
    qtbot, office, screenshot_dir, lang: str
) -> None:
    db = office(NEW_YORK)
    zone = zoneinfo.ZoneInfo(NEW_YORK)
    wall = skipped_wall(NEW_YORK)
    set_language(lang)
    try:
        dialog, number = _dialog(qtbot, db)
        quiet = dialog.quiet
        quiet.box.setChecked(True)
        quiet.how.setText("电话中本人同意深夜上门")
        quiet.when_clock.set_time(dt.datetime.combine(wall.date(), dt.time(9), zone))
        _type_time(quiet.when, wall)
        assert quiet.when.text() == f"{wall:%Y-%m-%d %H:%M}"
        refusal = skipped_time(wall, zone)
        assert refusal is not None
        assert quiet.when_clock.isVisible()
        assert quiet.when_clock.note.text() == refusal.translated(lang)
        settle(qtbot, dialog)
        grab(dialog, screenshot_dir / f"qavisitdst-agreed-skipped-{lang}.png")
        assert dialog.try_book() is False
        assert refusal.translated(lang) in dialog.error.text()
        with db.sessions() as s:
            assert s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == number)) is None
    finally:
        set_language("en")
