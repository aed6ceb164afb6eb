"""The contact dialog's date-and-time field (the borrower's clock) on the nights the borrower's
clocks change (New York and London, tests/core/dst_night.py): a time typed at one the clocks skip
stays as typed, the note under it says in the core's words that it does not exist on the
borrower's clock, and Save is refused (the core used to save 02:30 as 03:30); a contact logged in
the hour that comes twice can take the second reading; a contact logged as it happens (now) is
never refused. Screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import ContactAttempt
from app.wall_clock import gap_at, skipped_time
from tests.conftest import TEST_KEY
from tests.core.dst_night import last_repeated, last_skipped
from tests.core.test_contact_dst import on_the_clock
from tests.core.visit_office import case_nos, login, visit_office_path
from tests.ui.test_visit_clock_change_fields import _type_time
from tests.ui.test_visits_page import grab, settle

pytestmark = pytest.mark.gui

NEW_YORK, LONDON = "America/New_York", "Europe/London"


@pytest.fixture
def office(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    """Open the visit office with its borrowers on the clock of the zone given to it, the cases
    opened a month before `night`."""
    from db.store import open_database
    from ui.app import application

    application()
    opened = []

    def on(key: str, night: dt.date):  # type: ignore[no-untyped-def]
        db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
        on_the_clock(db, key, night)
        opened.append(db)
        return db

    yield on
    for db in opened:
        db.close()


def _dialog(qtbot, db):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    dialog = ContactDialog(db, login(db, "supervisor"), case_nos(db)[0])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("no_answer"))
    return dialog


def _saved(db) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        rows = s.scalars(select(ContactAttempt.at).order_by(ContactAttempt.id))
        return [at.replace(tzinfo=dt.UTC) for at in rows]


@pytest.mark.parametrize("key", [NEW_YORK, LONDON])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_time_typed_in_the_skipped_hour_stays_is_named_and_is_not_saved(
    qtbot, office, screenshot_dir, key: str, lang: str
) -> None:
    zone = zoneinfo.ZoneInfo(key)
    wall = last_skipped(key)  # 02:30 in New York, 01:30 in London
    gap = gap_at(wall, zone)
    assert gap is not None
    db = office(key, wall.date())
    set_language(lang)
    try:
        dialog = _dialog(qtbot, db)
        dialog.set_time(dt.datetime.combine(wall.date(), dt.time(10), zone))
        note = dialog.at_clock
        assert not note.isVisible()  # 10:00 exists
        _type_time(dialog.at, wall)
        assert dialog.at.text() == f"{wall:%Y-%m-%d %H:%M}"  # as typed, not moved
        assert dialog.contact_time().replace(tzinfo=None) == wall
        assert note.isVisible() and not note.readings.isVisible()
        said = note.note.text()
        refusal = skipped_time(wall, zone, "borrower")
        assert refusal is not None and said == refusal.translated(lang)
        if lang == "en":
            assert said.startswith(
                f"{wall:%Y-%m-%d %H:%M} does not exist on the borrower's clock ({key}): the "
                f"clocks go forward from {gap.start:%H:%M} to {gap.end:%H:%M} that night."
            )
        else:
            assert "借款人" in said and "网点" not in said
            assert f"{gap.start:%H:%M}" in said and f"{gap.end:%H:%M}" in said
        settle(qtbot, dialog)
        short = "ny" if key == NEW_YORK else "london"
        grab(dialog, screenshot_dir / f"qacontactdst-skipped-{short}-{lang}.png")
        assert dialog.try_save() is False
        assert said in dialog.error.text()
        assert _saved(db) == []
        _type_time(dialog.at, gap.end)  # the first minute after the jump exists
        assert not note.isVisible()
        assert dialog.contact_time() == gap.end.replace(tzinfo=zone)
        assert dialog.try_save() is True, dialog.error.text() + dialog.status.text()
        assert _saved(db) == [gap.end.replace(tzinfo=zone).astimezone(dt.UTC)]
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_contact_in_the_repeated_hour_takes_the_second_reading(
    qtbot, office, screenshot_dir, lang: str
) -> None:
    first = last_repeated(NEW_YORK)  # 01:30 EDT on the last night the clocks went back
    second = first.replace(fold=1)  # 01:30 EST, an hour later
    zone = zoneinfo.ZoneInfo(NEW_YORK)
    db = office(NEW_YORK, first.date())
    set_language(lang)
    try:
        dialog = _dialog(qtbot, db)
        dialog.set_time(dt.datetime.combine(first.date(), dt.time(9), zone))
        choice = dialog.at_clock
        assert not choice.isVisible()  # 09:00 comes once
        _type_time(dialog.at, first)
        assert choice.isVisible() and choice.readings.isVisible() and choice.first.isChecked()
        assert dialog.contact_time().astimezone(dt.UTC) == first.astimezone(dt.UTC)
        choice.second.click()
        assert dialog.contact_time().astimezone(dt.UTC) == second.astimezone(dt.UTC)
        assert f"{second:%Z}" in choice.note.text()
        settle(qtbot, dialog)
        grab(dialog, screenshot_dir / f"qacontactdst-second-{lang}.png")
        assert dialog.try_save() is True, dialog.error.text() + dialog.status.text()
        assert _saved(db) == [second.astimezone(dt.UTC)]
    finally:
        set_language("en")


def test_a_time_set_on_the_second_reading_shows_it_chosen(qtbot, office) -> None:
    first = last_repeated(LONDON)  # 01:30 BST
    second = first.replace(fold=1)  # 01:30 GMT: a contact logged as it happens then
    db = office(LONDON, first.date())
    dialog = _dialog(qtbot, db)
    dialog.set_time(second.astimezone(dt.UTC))
    assert dialog.at_clock.isVisible() and dialog.at_clock.second.isChecked()
    assert dialog.contact_time().astimezone(dt.UTC) == second.astimezone(dt.UTC)


@pytest.mark.parametrize("key", [NEW_YORK, LONDON])
def test_a_contact_logged_now_is_never_refused(qtbot, office, key: str) -> None:
    db = office(key, dt.date(2000, 1, 1))  # opened long before now
    dialog = _dialog(qtbot, db)
    assert dialog.at_clock.skipped is None
    assert gap_at(dialog.contact_time(), zoneinfo.ZoneInfo(key)) is None
    assert dialog.try_save() is True, dialog.error.text() + dialog.status.text()
    assert len(_saved(db)) == 1
