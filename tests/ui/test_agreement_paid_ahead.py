"""An instalment of an active agreement paid in full before its due date (found by QA): the
Agreements page said "Pending" beside its full amount paid. It says "Paid (ahead of its day)"
(已提前付清), the list's Next due moves on to the first instalment still owed, and the watch still
judges it on its day (the agreement stays active, nothing breached or completed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import Agreement, AgreementStatus, Case, CaseStatus, User
from tests.ui.test_agreements import free_cases, stored
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def signed_plan_paid_ahead(database, case_no: str | None = None) -> tuple[str, int, list]:
    """A 3-instalment plan agent01 drafts, approves and signs today, its first instalment then
    paid in full today (days before it falls due): (number, id, instalments)."""
    from app.agreements import approve, draft_plan, sign
    from app.cases.payments import record_payment

    today = office_today(database)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case_no = case_no or free_cases(database)[0]
        loan_no = s.scalar(select(Case).where(Case.case_no == case_no)).loan.loan_no
        drafted = draft_plan(
            s, agent, case_no, count=3, start=today + dt.timedelta(days=20), today=today
        )
        number, agreement_id = drafted.agreement_no, drafted.id
        approve(s, agent, number, today=today)
        sign(s, agent, number, today, today=today)
        first = drafted.instalments[0].amount
        record_payment(s, agent, loan_no, first, today, today=today)
    return number, agreement_id, stored(database, number).instalments


def test_the_page_says_an_instalment_paid_ahead_is_paid(qtbot, database, screenshot_dir) -> None:
    number, agreement_id, plan = signed_plan_paid_ahead(database)
    assert stored(database, number).status is AgreementStatus.ACTIVE
    assert [(i.status, i.paid_amount) for i in plan] == [  # as stored: judged on its day
        ("pending", plan[0].amount),
        ("pending", 0),
        ("pending", 0),
    ]
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    assert page.select(agreement_id)
    statuses = [cell_text(page.plan, n, 4) for n in range(page.plan.rowCount())]
    assert statuses == ["Paid (ahead of its day)", "Pending", "Pending"]
    row = page.model.row_of(agreement_id)
    assert page.model.index(row, 4).data() == "Active"
    assert page.model.index(row, 7).data() == f"{plan[1].due_on:%Y-%m-%d}"  # Next due
    grab(window, screenshot_dir / "agreement_paid_ahead.png")

    set_language("zh_CN")
    try:
        chinese = window_for(qtbot, database, "supervisor")
        page = chinese.agreements
        chinese.show_page(page)
        assert page.select(agreement_id)
        assert cell_text(page.plan, 0, 4) == "已提前付清"
        grab(chinese, screenshot_dir / "agreement_paid_ahead_zh_CN.png")
    finally:
        set_language("en")


def test_the_next_action_is_the_first_instalment_still_owed(
    qtbot, database, screenshot_dir
) -> None:
    """Found by QA: the work queue and the case page gave the paid instalment's day as the case's
    next action; both give the next one still owed, as the Agreements page's Next due does."""
    with database.session() as s:  # not one with the lawyers, which has no next action
        in_collection = [
            no
            for no in free_cases(database, count=20)
            if s.scalar(select(Case).where(Case.case_no == no)).status is not CaseStatus.LEGAL
        ]
    number, _, plan = signed_plan_paid_ahead(database, in_collection[0])
    with database.session() as s:
        case = s.scalar(
            select(Case)
            .join(Agreement, Agreement.case_id == Case.id)
            .where(Agreement.agreement_no == number)
        )
        case_id, case_no = case.id, case.case_no
    owed = f"{plan[1].due_on:%Y-%m-%d}"
    window = window_for(qtbot, database, "supervisor")
    queue = window.queue
    window.show_page(queue)
    queue.set_search(case_no)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and queue.model.id_at(0) == case_id)
    headers = [queue.model.headerData(n, Qt.Orientation.Horizontal) for n in range(12)]
    column = headers.index("Next action")
    with database.sessions() as s:  # for a later day: the queue lists it below the cases due now
        later = plan[1].due_on > settings.as_of(s)
    assert queue.model.index(0, column).data() == (f"Waiting until {owed}" if later else owed)
    grab(window, screenshot_dir / "queue_next_action_paid_ahead.png")
    window.open_case(case_id)
    assert window.cases.case_form.values["Next action"].text() == owed
    grab(window, screenshot_dir / "case_page_next_action_paid_ahead.png")
