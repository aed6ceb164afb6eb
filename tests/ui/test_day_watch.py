"""A window left open past the office's midnight (locked at 18:00, unlocked the next morning)
moves on to the new day: the minute's check of the office's date rebuilds the queue for it, makes
the day's backup and tells the pages; the Dashboard heads the new day, the Reports page's named
period, visit sheet day and roster date follow it while dates picked by hand stay, and a payment
dialog left open takes the new today (its latest date was yesterday's). The watch's
clock is set to explicit days and its check fired directly: no sleeping, any hour."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.cases.daily import rebuild_due
from app.models import Case, CaseStatus, User
from tests.office_day import office_today
from tests.ui.test_queue import login, open_office, window_for
from ui.day_watch import MINUTE_MS

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _yesterdays_queue(database, tmp_path: Path) -> dt.date:  # type: ignore[no-untyped-def]
    """The queue as the window left it last evening, and no backup yet today (this test's own
    backup folder: another test's backup of demo.db today would make one not due)."""
    from app.backups import configure

    yesterday = office_today() - dt.timedelta(days=1)
    with database.session() as s:
        s.execute(
            update(Case).where(Case.status != CaseStatus.CLOSED).values(computed_as_of=yesterday)
        )
        admin = s.scalar(select(User).where(User.username == "admin"))
        configure(s, admin, folder=str(tmp_path / "backups"))
    return yesterday


def test_past_midnight_the_window_rebuilds_backs_up_and_heads_the_new_day(
    qtbot, database, tmp_path: Path
) -> None:
    from app.backups import backups

    yesterday = _yesterdays_queue(database, tmp_path)
    window = window_for(qtbot, database)
    watch = window.day_watch
    assert watch.timer.isActive() and watch.timer.interval() == MINUTE_MS
    clock = [yesterday]
    watch.office_day = lambda: clock[0]
    watch.day = yesterday
    dashboard = window.dashboard
    window.show_page(dashboard)
    assert dashboard.figures is not None  # what it showed last evening:
    dashboard._show(dataclasses.replace(dashboard.figures, as_of=yesterday))
    assert yesterday.isoformat() in dashboard.heading.text()

    assert watch.check() is False  # the same day: nothing to do
    assert getattr(window, "rebuild_job", None) is None

    clock[0] = office_today()  # the office's midnight passed
    assert watch.check() is True and watch.day == clock[0]
    assert f"Today, {clock[0].isoformat()}" == dashboard.heading.text()
    qtbot.waitUntil(lambda: getattr(window, "backup_job", None) is not None, timeout=60_000)
    window.wait_for_backup()
    with database.sessions() as s:
        assert not rebuild_due(s)  # every open case is figured as of the new day
    assert [b.kind for b in backups(database, login(database, "admin"))] == ["scheduled"]
    assert watch.check() is False  # once a day


def test_no_new_days_work_once_the_window_closes_or_after_a_restore(qtbot, database) -> None:
    window = window_for(qtbot, database)
    watch = window.day_watch
    today = office_today()
    watch.office_day = lambda: today
    watch.day = today - dt.timedelta(days=1)
    window.restored = object()  # the file was replaced: the window closes
    assert watch.check() is True  # the pages still move on to the new day
    assert getattr(window, "rebuild_job", None) is None


def test_the_reports_page_follows_the_new_day_unless_dates_were_picked(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    old, new = dt.date(2031, 1, 31), dt.date(2031, 2, 1)
    clock = [old]
    page._today = lambda: clock[0]
    page.today = old
    page.choose_period("this_month")  # 2031-01-01 to 01-31, As of 01-31
    page.sheet.day.setDate(old)
    page.kind.setCurrentIndex(page.kind.findData("training"))
    assert page.as_of.date().toPython() == old  # the roster's: today, none picked

    clock[0] = new
    window.hub.announce("day")
    assert page.as_of.date().toPython() == new
    assert page.sheet.chosen_day() == new
    assert (page.start.date().toPython(), page.end.date().toPython()) == (new, new)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    assert page.period.currentData() == "this_month" and page.as_of.date().toPython() == new

    # Dates picked by hand stay: other dates, a sheet day, a portfolio As of.
    picked = dt.date(2031, 1, 20)
    page.as_of.setDate(picked)
    page.sheet.day.setDate(picked)
    clock[0] = dt.date(2031, 2, 2)
    window.hub.announce("day")
    assert page.end.date().toPython() == clock[0] and page.as_of.date().toPython() == picked
    assert page.sheet.chosen_day() == picked
    page.start.setDate(dt.date(2030, 12, 1))
    assert page.period.currentData() == "custom"
    clock[0] = dt.date(2031, 2, 3)
    window.hub.announce("day")
    assert page.start.date().toPython() == dt.date(2030, 12, 1)
    assert page.end.date().toPython() == dt.date(2031, 2, 2)


def test_a_payment_dialog_left_open_overnight_takes_the_new_today(qtbot, database) -> None:
    from app.models import Loan
    from ui.dialogs.payment import PaymentDialog
    from ui.widgets import day_of

    with database.sessions() as s:
        loan_no = s.scalar(select(Loan.loan_no).order_by(Loan.id).limit(1))
    dialog = PaymentDialog(database, login(database, "supervisor"), loan_no)
    qtbot.addWidget(dialog)
    follows = dialog.follows_today
    assert follows.timer.isActive() and follows.timer.interval() == MINUTE_MS
    today = day_of(dialog.date)
    assert dialog.date.maximumDate().toPython() == today == follows.day
    clock = [today]
    follows.today = lambda: clock[0]
    assert follows.check() is False
    clock[0] = today + dt.timedelta(days=1)  # the next morning, the dialog still open
    assert follows.check() is True
    assert day_of(dialog.date) == clock[0] == dialog.date.maximumDate().toPython()

    picked = clock[0] - dt.timedelta(days=3)  # a day typed by the user stays
    dialog.date.setDate(picked)
    clock[0] += dt.timedelta(days=1)
    assert follows.check() is True
    assert day_of(dialog.date) == picked and dialog.date.maximumDate().toPython() == clock[0]
