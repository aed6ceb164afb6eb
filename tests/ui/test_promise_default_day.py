"""A promise's default due date in the contact and check-out dialogs is a week from the office's
today, the day the core judges the promise on: not from this computer's clock, which a machine
left on another time zone keeps a day off. The office here keeps Pago Pago's time (UTC-11) and
the computer Kiritimati's (UTC+14): their dates differ at every hour of the day (by two days
from 10:00 to 11:00 UTC)."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Case, CaseStatus, User, Visit
from tests.ui.zones import office_apart

pytestmark = pytest.mark.gui
OFFICE, COMPUTER = "Pacific/Pago_Pago", "Pacific/Kiritimati"


@pytest.fixture
def database(demo_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    yield from office_apart(demo_path, monkeypatch, OFFICE, COMPUTER)


def week_ahead() -> dt.date:
    return dt.datetime.now(zoneinfo.ZoneInfo(OFFICE)).date() + dt.timedelta(days=7)


def test_the_computer_is_a_day_ahead_of_the_office(database) -> None:
    assert os.environ["TZ"] == COMPUTER
    # 25 hours apart: a day ahead, two in the hour from 10:00 UTC.
    assert dt.date.today() - (week_ahead() - dt.timedelta(days=7)) in (
        dt.timedelta(days=1),
        dt.timedelta(days=2),
    )


def test_the_contact_dialogs_promise_is_due_a_week_from_the_offices_today(qtbot, database):
    from ui.date_widgets import day_of
    from ui.dialogs.contact import ContactDialog

    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case_no = s.scalar(
            select(Case.case_no)
            .where(Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED)
            .limit(1)
        )
    dialog = ContactDialog(database, agent, case_no)
    qtbot.addWidget(dialog)
    assert day_of(dialog.promise_due) == week_ahead()


def test_the_check_out_dialogs_promise_is_due_a_week_from_the_offices_today(qtbot, database):
    from ui.date_widgets import day_of
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        visit_no = s.scalar(select(Visit.visit_no).limit(1))
    dialog = VisitOutcomeDialog(database, agent, visit_no)
    qtbot.addWidget(dialog)
    assert day_of(dialog.promise_due) == week_ahead()
