"""An earlier case of a loan written off twice (found by QA): its page offered "Legal or
write-off…", which the core then refused ("decide on its current case"), and its greyed Post
payment… said to reinstate the loan with that button. Both now name the loan's current case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr
from app.loans.closure import REINSTATE, WRITE_OFF, decide
from app.models import User
from tests.office_day import office_today
from tests.ui.test_closure_dialog import _case
from tests.ui.test_queue import login, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_an_earlier_case_names_the_current_one(qtbot, database, lang) -> None:
    first = _case(database, busy=False)
    today = office_today()
    with database.session() as s:
        sup = s.get(User, login(database).id)
        decide(s, sup, first.case_no, WRITE_OFF, "借款人失联逾半年", today=today, early=True)
        current = decide(
            s, sup, first.case_no, REINSTATE, "核销有误，恢复催收", today=today
        ).case_no
        decide(s, sup, current, WRITE_OFF, "借款人再次失联", today=today, early=True)
    window = window_for(qtbot, database)
    page = window.cases
    assert page.show_case(first.case_no)
    window.show_page(page)
    assert page.detail.loan.status == "written_off"
    said = tr(
        "Case {case} is an earlier case of loan {loan}; decide on its current case, {latest}.",
        case=first.case_no,
        loan=page.detail.loan.loan_no,
        latest=current,
    )
    assert not page.closure_button.isEnabled() and page.closure_button.toolTip() == said
    assert current in page.pay_button.toolTip()
    assert page.show_case(current)  # the current case still decides on the loan
    assert page.closure_button.isEnabled()
