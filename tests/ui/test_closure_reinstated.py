"""The "Legal or write-off…" dialog on a loan written off and reinstated since (found by QA): its
calendar offered the days the loan was already written off, and a write-off dated on one was
refused as "nothing overdue … a loan being repaid is not written off". The calendar starts on
the reinstatement's day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.loans.closure import REINSTATE, WRITE_OFF, closure_state, decide
from app.models import User
from tests.office_day import office_today
from tests.ui.test_closure_dialog import _case
from tests.ui.test_queue import login, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_calendar_starts_on_the_reinstatement(qtbot, database) -> None:
    from ui.dialogs.closure import ClosureDialog

    case_no = _case(database, busy=False).case_no
    today = office_today()
    back = today - dt.timedelta(days=3)
    with database.session() as s:
        sup = s.get(User, login(database).id)
        paid = closure_state(s, sup, case_no).last_payment_on
        on = max(paid or today, today - dt.timedelta(days=10))
        assert on < back
        decide(s, sup, case_no, WRITE_OFF, "借款人失联", on=on, today=today, early=True)
        new = decide(s, sup, case_no, REINSTATE, "核销有误，恢复催收", today=back).case_no
    window = window_for(qtbot, database)
    with database.sessions() as s:
        state = closure_state(s, window.user, new)
    dialog = ClosureDialog(database, window.user, state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose("write_off")
    first = dialog.on.minimumDate()
    assert (first.year(), first.month(), first.day()) == back.timetuple()[:3]
