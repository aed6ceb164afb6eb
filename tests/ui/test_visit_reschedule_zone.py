"""Rescheduling a visit at the borrower's place of work of a borrower in another time zone: the
form names the workplace in the consent to enter and shows the start on the borrower's clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Borrower, Case, Loan
from tests.conftest import TEST_KEY
from tests.core.visit_office import case_nos, visit_office_path
from tests.ui.test_visit_reschedule_dialog import _booked, _dialog

pytestmark = pytest.mark.gui
LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def test_rescheduling_shows_the_borrowers_time_and_the_workplace(qtbot, database) -> None:
    number = _booked(database, at_workplace=True)
    with database.session() as s:
        borrower_id = s.scalar(
            select(Loan.borrower_id)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.case_no == case_nos(database)[0])
        )
        s.get(Borrower, borrower_id).timezone = LOS_ANGELES
    dialog = _dialog(qtbot, database, number)
    assert dialog.at_work.isChecked()
    assert dialog.enter.text() == "The borrower consents to the agents entering the workplace"
    theirs = dialog.start_time().astimezone(ZoneInfo(LOS_ANGELES))
    assert dialog.borrower_time.isVisibleTo(dialog)
    assert dialog.borrower_time.text().startswith(theirs.strftime("%Y-%m-%d %H:%M the borrower"))
    assert "(America/\u2060Los_Angeles)" in dialog.borrower_time.text()  # kept on one line
    # The line wraps: the dialog fits a 1024-px screen.
    assert dialog.minimumSizeHint().width() <= 1000, dialog.minimumSizeHint()
