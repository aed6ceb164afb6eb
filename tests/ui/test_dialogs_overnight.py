"""Dialogs left open past the office's midnight (put away by the idle lock at 18:00, back the next
morning): the training record and the loan decision dialogs judge by the office's today as they
are saved, and their date fields' limits move on to it (they judged "after today" and days past
due as of the day they were opened). Their clocks are set to explicit days and the minute's check
fired directly: no sleeping, any hour."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Course, TrainingRecord, User
from tests.office_day import office_today
from tests.ui.test_closure_dialog import _case
from tests.ui.test_queue import login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_a_training_record_opened_yesterday_is_saved_for_today(qtbot, database) -> None:
    from ui.date_widgets import day_of
    from ui.dialogs.training_record import TrainingRecordDialog

    with database.sessions() as s:
        agent_id = s.scalar(select(User.id).where(User.username == "agent01"))
        course_id = s.scalar(select(Course.id).where(Course.active).order_by(Course.id))
    today = office_today()
    clock = [today - dt.timedelta(days=1)]  # opened last evening
    dialog = TrainingRecordDialog(
        database, login(database), agent_id=agent_id, clock=lambda: clock[0]
    )
    qtbot.addWidget(dialog)
    dialog.course.setCurrentIndex(dialog.course.findData(course_id))
    assert dialog.date.maximumDate().toPython() == clock[0] == day_of(dialog.date)
    clock[0] = today  # the next morning, the dialog still open
    assert dialog.follows_today.check() is True
    assert day_of(dialog.date) == today == dialog.date.maximumDate().toPython()
    assert dialog.today == today and dialog.result_label.text().startswith("Pass")
    dialog.score.setValue(95)
    assert dialog.save(), dialog.error.text()  # it was "A training date cannot be in the future"
    with database.sessions() as s:
        saved = s.get(TrainingRecord, dialog.saved.id)
        assert (saved.agent_id, saved.taken_on, saved.passed) == (agent_id, today, True)


def test_a_loan_decision_opened_yesterday_is_dated_today(qtbot, database) -> None:
    from app.loans.closure import closure_state
    from ui.date_widgets import day_of
    from ui.dialogs.closure import ClosureDialog

    case = _case(database, busy=False)
    sup = login(database)
    with database.sessions() as s:
        state = closure_state(s, sup, case.case_no)
    today = state.today
    assert state.dpd > 1
    yesterday = today - dt.timedelta(days=1)
    # The dialog as it was read last evening: a day earlier, a day fewer past due.
    last_evening = dataclasses.replace(state, today=yesterday, dpd=state.dpd - 1)
    clock = [yesterday]
    dialog = ClosureDialog(database, sup, last_evening, clock=lambda: clock[0])
    qtbot.addWidget(dialog)
    dialog.choose("write_off")
    assert dialog.on.maximumDate().toPython() == yesterday == day_of(dialog.on)
    assert f"Days past due today: {state.dpd - 1} " in dialog.overdue.text()
    clock[0] = today
    assert dialog.follows_today.check() is True
    assert day_of(dialog.on) == today == dialog.on.maximumDate().toPython()
    assert f"Days past due today: {state.dpd} " in dialog.overdue.text()
    assert dialog.dpd_on(today) == state.dpd
    if not dialog.early.isHidden():
        dialog.early.setChecked(True)
    dialog.reason.setPlainText("借款人失联")
    assert dialog.try_save(), dialog.error.text()  # it was "cannot be dated in the future"
    assert dialog.saved is not None and dialog.saved.on == today


def test_a_decision_confirmed_after_midnight_takes_effect_that_day(qtbot, database) -> None:
    """Before the minute's check has run, a decision that is not dated (a reinstatement) is
    still taken on the office's today as it is confirmed, not as the dialog was opened."""
    from app.loans.closure import closure_state
    from app.models import Loan, LoanReinstatement
    from ui.dialogs.closure import ClosureDialog

    case = _case(database, busy=False)
    sup = login(database)
    with database.session() as s:
        from app.loans.closure import decide

        actor = s.get(User, sup.id)
        written_off = office_today() - dt.timedelta(days=3)  # reinstated after, on its today
        decide(s, actor, case.case_no, "write_off", "借款人失联", on=written_off, early=True)
    with database.sessions() as s:
        state = closure_state(s, sup, case.case_no)
    today = state.today
    clock = [today - dt.timedelta(days=1)]
    dialog = ClosureDialog(
        database, sup, dataclasses.replace(state, today=clock[0]), clock=lambda: clock[0]
    )
    qtbot.addWidget(dialog)
    dialog.choose("reinstate")
    clock[0] = today  # confirmed the next morning before the minute's check ran
    dialog.reason.setPlainText("借款人恢复联系")
    assert dialog.try_save(), dialog.error.text()
    with database.sessions() as s:
        loan_id = s.scalar(select(Loan.id).where(Loan.loan_no == state.loan_no))
        kept = s.scalar(
            select(LoanReinstatement)
            .where(LoanReinstatement.loan_id == loan_id)
            .order_by(LoanReinstatement.id.desc())
        )
        assert kept.reinstated_on == today  # it was dated the day the dialog was opened
