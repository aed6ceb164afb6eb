"""The window's days are the office's, not the computer's: the dashboard's heading and figures
(the queue date by default), and the Record complaint dialog's received date, which the core
refuses after the office's today. The office keeps Kiritimati's time (UTC+14), the computer
Pago Pago's (UTC-11): the office is a day ahead at every hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.cases.rebuild import rebuild_queue
from app.models import Case, CaseStatus, Complaint
from tests.ui.test_dashboard import _settled
from tests.ui.test_payment_office_day import COMPUTER, OFFICE, office_today
from tests.ui.test_queue import grab, login, window_for
from tests.ui.zones import office_apart

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    for db in office_apart(demo_path, monkeypatch, OFFICE, COMPUTER):
        with db.session() as s:
            rebuild_queue(s, None)  # as the window's start does on a new day
        yield db


def test_the_dashboard_is_headed_and_counted_on_the_offices_day(
    qtbot, database, screenshot_dir
) -> None:
    assert dt.date.today() < office_today()  # the computer is behind
    window = window_for(qtbot, database)
    window.show_page(window.dashboard)
    page = window.dashboard
    assert page.figures.as_of == office_today()
    assert page.heading.text() == f"Today, {office_today().isoformat()}"
    with database.sessions() as s:
        days = set(s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED)))
    assert days == {office_today()}
    _settled(qtbot, window)
    grab(window, screenshot_dir / "office_day_dashboard.png")


def test_a_complaint_is_received_on_the_offices_today(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.complaint import ComplaintDialog
    from ui.widgets import day_of

    with database.sessions() as s:
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
    dialog = ComplaintDialog(database, login(database), case_no)
    qtbot.addWidget(dialog)
    assert day_of(dialog.received) == office_today()
    dialog.description.setPlainText("电话太多")
    dialog.show()
    grab(dialog, screenshot_dir / "office_day_complaint.png")
    assert dialog.try_save(), dialog.error.text()
    with database.sessions() as s:
        complaint = s.scalar(select(Complaint).where(Complaint.complaint_no == dialog.saved))
        assert complaint.received_on == office_today()
