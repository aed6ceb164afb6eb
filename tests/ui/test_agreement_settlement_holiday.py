"""The draft dialog on the demo office: a settlement's default Pay by date that fell on a public
holiday is moved off it, with the plan's note under it (in Chinese too); a date picked on the
holiday is kept and said to be one. A plan's first date moved past the 366-day limit says so.
The holiday is the first one 40 days or more after the office's today; the limit is tried with
the dialog's day set 366 days before the first National Day a year or more ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.agreements.holiday_dates import next_open_day
from app.i18n import set_language
from app.models import User
from tests.ui.test_agreement_holiday_dates import _holiday
from tests.ui.test_agreements import dialog_for, free_cases, stored
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for
from ui.widgets import qdate

pytestmark = pytest.mark.gui
YEAR = dt.timedelta(days=366)  # app.agreements.plan.MAX_START_DAYS


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _settle_in(database, days: int) -> None:
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "agreement.settlement_due_days", days)


def test_the_default_pay_by_date_is_moved_and_noted(qtbot, database, screenshot_dir) -> None:
    holiday, name = _holiday(office_today(database), "en_US")
    moved = next_open_day("CN", holiday)
    _settle_in(database, (holiday - office_today(database)).days)
    case_no = free_cases(database)[0]
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    assert dialog.due_note.isHidden()  # a plan: no Pay by row
    dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
    assert dialog.due.date() == qdate(moved)
    assert dialog.due_note.text() == f"moved from {holiday:%Y-%m-%d}: {name}"
    assert not dialog.due_note.isHidden() and dialog.save_button.isEnabled()
    grab(dialog, screenshot_dir / "agreement_settlement_moved.png")
    dialog.due.setDate(qdate(holiday))  # picked on the holiday: kept, and said to be one
    assert dialog.due_note.text() == f"a public holiday: {name}"
    dialog.due.setDate(qdate(holiday - dt.timedelta(days=3)))
    if dialog.due_note.text():  # another holiday may lie just before
        assert "public holiday" in dialog.due_note.text()
    dialog.due.setDate(qdate(moved))
    assert dialog.due_note.text().startswith("moved from")
    assert dialog.try_save() is True
    assert [i.due_on for i in stored(database, dialog.agreement_no).instalments] == [moved]

    set_language("zh_CN")
    try:
        _, name_zh = _holiday(office_today(database), "zh_CN")
        other = free_cases(database)[0]
        dialog = dialog_for(qtbot, window, other)
        dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
        assert dialog.due_note.text() == f"由 {holiday:%Y-%m-%d}（{name_zh}）顺延"
        grab(dialog, screenshot_dir / "agreement_settlement_moved_zh_CN.png")
    finally:
        set_language("en")


def test_a_first_date_moved_past_the_limit_says_so(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.agreement import AgreementDialog

    # The first National Day a year or more ahead, and the day 366 days before it (not before
    # the office's today, whose loans the demo built).
    today = office_today(database)
    year = today.year + 1 if dt.date(today.year + 1, 10, 1) - today >= YEAR else today.year + 2
    national_day = dt.date(year, 10, 1)
    moved = next_open_day("CN", national_day)
    case_no = free_cases(database)[0]
    window = window_for(qtbot, database, "agent01")
    as_of = national_day - YEAR
    dialog = AgreementDialog(
        window.database, window.user, case_no, window.cases, window.hub, today=as_of
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.count.setValue(3)
    dialog.start.setDate(qdate(national_day))
    assert not dialog.save_button.isEnabled()
    assert dialog.total.text() == (
        f"The first date, {national_day}, is a public holiday (National Day): moved off it to "
        f"{moved}, the first payment would fall due more than 366 days ahead (by {national_day} "
        "at the latest). Choose an earlier first date."
    )
    grab(dialog, screenshot_dir / "agreement_moved_past_limit.png")
    dialog.start.setDate(qdate(national_day - dt.timedelta(days=1)))
    assert dialog.save_button.isEnabled()
