"""A walk through the lifecycle in the Chinese window (QA): after Check out… the Visits page
still said "Checked in"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.i18n import tr as _
from app.models import Visit
from app.visits import check_in
from tests.core.test_visits import _run, come_due
from tests.core.visit_office import book, case_nos, slot, verified_visit
from tests.ui import test_visits_page
from tests.ui.test_visit_qa_unbooked import _page
from ui.dialogs.visit_outcome import VisitOutcomeDialog

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office (every case agent01's), a fresh copy

TEAM = ("agent02", "agent03")  # not agent01, whose case it is


def _in_progress(database) -> str:
    """A visit on agent01's first case, booked for and checked in by agent02 and agent03."""
    visit_no = verified_visit(database, case_nos(database)[0])
    assert book(database, visit_no, agents=TEAM, start=slot(10)).saved
    come_due(database, visit_no)
    _run(database, TEAM[0], check_in, visit_no)
    return visit_no


def _in_dialog(act: Callable[[QDialog], None], failed: list[BaseException]) -> None:
    """Run `act` on the modal dialog once it is up; a failed check closes it (not left hanging)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog)
            act(dialog)
        except BaseException as error:  # noqa: BLE001 - told by the test after exec returns
            failed.append(error)
            if isinstance(dialog, QDialog):
                dialog.reject()

    QTimer.singleShot(0, run)


def _show(page, visit_no: str) -> None:
    with page.database.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == visit_no))
    page.show_week(start.replace(tzinfo=dt.UTC).astimezone(slot(10).tzinfo).date())
    page.select(visit_no)
    assert page.selected is not None and page.selected.visit_no == visit_no


def test_check_out_says_checked_out(qtbot, database) -> None:
    visit_no = _in_progress(database)
    page = _page(qtbot, database, TEAM[0])
    _show(page, visit_no)
    page.show_message(_("Checked in to visit {number}.", number=visit_no))  # as after Check in

    failed: list[BaseException] = []

    def fill_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, VisitOutcomeDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("job_loss"))
        assert dialog.try_save(), dialog.error.text()

    _in_dialog(fill_and_save, failed)
    assert page.check_out_selected()
    assert not failed, failed
    assert page.message.text() == _("Checked out of visit {number}.", number=visit_no)
