"""A repayment agreement on a case in legal, in the window (found by QA: the case took the
agreement and stayed "Legal" with no next action). Drafted from the case page and signed on the
Agreements page, the case stays Legal with the plan's next instalment as its next action in the
queue and on the case page, which says so, as the Agreements page's summary does; breached, the
case is back in legal with no next action, and both pages say so — in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language, tr
from app.models import (
    Agreement,
    AgreementStatus,
    Case,
    CaseStatus,
    Loan,
    LoanStatus,
    User,
    Visit,
)
from app.visits.common import OPEN as OPEN_VISITS
from tests.ui.test_agreements import BUSY, dialog_for, stored
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def legal_case(database) -> tuple[int, str]:
    """(id, number) of an agent's case in legal with no agreement in progress or in force: the
    demo's first. Its few loans in legal come and go with the day it is built for (on
    2027-03-01 none was agent01's): a day none is free, the supervisor sends one to legal."""
    with database.session() as s:
        taken = select(Agreement.case_id).where(Agreement.status.in_(BUSY))
        row = s.execute(
            select(Case.id, Case.case_no)
            .where(
                Case.status == CaseStatus.LEGAL,
                Case.assigned_agent_id.is_not(None),
                Case.id.not_in(taken),
            )
            .order_by(Case.id)
            .limit(1)
        ).first()
        if row is not None:
            return row.id, row.case_no
        case_no = sent_to_legal(s)
        return s.scalar(select(Case.id).where(Case.case_no == case_no)), case_no


def sent_to_legal(s) -> str:  # type: ignore[no-untyped-def]
    """An agent01 case with no agreement and no open visit, its loan sent to legal by the
    supervisor (app.loans.closure.decide); its number."""
    from app.loans.closure import LEGAL, decide

    uid = s.scalar(select(User.id).where(User.username == "agent01"))
    supervisor = s.scalar(select(User).where(User.username == "supervisor"))
    case_no = s.scalar(
        select(Case.case_no)
        .join(Loan, Loan.id == Case.loan_id)
        .where(
            Case.status != CaseStatus.CLOSED,
            Case.assigned_agent_id == uid,
            Loan.status == LoanStatus.ACTIVE,
            Case.id.not_in(select(Agreement.case_id)),
            Case.id.not_in(select(Visit.case_id).where(Visit.status.in_(OPEN_VISITS))),
        )
        .order_by(Case.id)
    )
    assert case_no is not None
    decide(s, supervisor, case_no, LEGAL, "No answer to the final demand.")
    return case_no


def queue_cells(qtbot, window, case_id: int, case_no: str) -> tuple[str, str]:
    """(Status, Next action) of the case in the work queue, in the window's language."""
    queue = window.queue
    window.show_page(queue)
    queue.set_search(case_no)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and queue.model.id_at(0) == case_id)
    headers = [queue.model.headerData(n, Qt.Orientation.Horizontal) for n in range(12)]
    status, action = headers.index(tr("Status")), headers.index(tr("Next action"))
    return queue.model.index(0, status).data(), queue.model.index(0, action).data()


def breach(database, number: str) -> dt.date:
    """The plan's first instalment never paid: the case's rebuild a week after its due date
    judges the agreement breached. The day of the breach."""
    from app.cases.rebuild import rebuild_queue

    first = stored(database, number).instalments[0].due_on
    with database.session() as s:
        loan_id = s.scalar(
            select(Case.loan_id).join(Agreement).where(Agreement.agreement_no == number)
        )
        rebuild_queue(s, None, first + dt.timedelta(days=7), loan_ids=[loan_id])
    assert stored(database, number).status is AgreementStatus.BREACHED
    return first + dt.timedelta(days=1)


def test_a_case_in_legal_under_an_agreement(qtbot, database, screenshot_dir) -> None:
    case_id, case_no = legal_case(database)
    window = window_for(qtbot, database, "supervisor")
    cases = window.cases
    assert cases.show_case(case_no)
    form = cases.case_form.values
    assert (form["Status"].text(), form["Next action"].text()) == ("Legal", "")
    assert cases.agreement_button.isEnabled()  # a settlement in or out of court is normal

    dialog = dialog_for(qtbot, window, case_no)
    dialog.count.setValue(3)
    dialog.generate()
    assert dialog.try_save() is True
    number = dialog.agreement_no
    page = window.agreements
    window.show_page(page)
    assert page.select(stored(database, number).id)
    assert page.approve_selected() is True
    assert page.sign_selected(office_today(database)) is True
    stays = (
        f"Case {case_no} stays in legal while this agreement runs: paid as agreed, it closes; "
        "breached, it goes on in legal."
    )
    assert stays in page.summary_area.label.text().splitlines()
    grab(window, screenshot_dir / "agreement_in_legal.png")

    first = stored(database, number).instalments[0]
    due = f"{first.due_on:%Y-%m-%d}"
    assert queue_cells(qtbot, window, case_id, case_no) == ("Legal", due)
    window.open_case(case_id)
    assert form["Next action"].text() == due
    status, note = form["Status"].text().split("\n")
    assert status == "Legal"
    assert note.startswith(f"Agreement {number} in force: its next instalment, ")
    assert note.endswith(f"is due on {due}; the case stays in legal.")
    assert cases.title.text().endswith(" · Legal")  # the title keeps the status alone
    grab(window, screenshot_dir / "case_page_in_legal_agreement.png")

    set_language("zh_CN")
    try:
        chinese = window_for(qtbot, database, "supervisor")
        assert queue_cells(qtbot, chinese, case_id, case_no) == ("法律程序", due)
        chinese.open_case(case_id)
        status, note = chinese.cases.case_form.values["Status"].text().split("\n")
        assert status == "法律程序"
        assert note.startswith(f"还款协议 {number} 履行中：下一期 ")
        assert note.endswith(f"应于 {due} 还款；案件仍在法律程序中。")
        grab(chinese, screenshot_dir / "case_page_in_legal_agreement_zh_CN.png")
    finally:
        set_language("en")

    day = f"{breach(database, number):%Y-%m-%d}"
    window.hub.announce("agreement", "case")  # as after the day's rebuild
    assert form["Status"].text() == (
        f"Legal\nAgreement {number} was breached on {day}: the case is back in legal."
    )
    assert form["Next action"].text() == ""
    grab(window, screenshot_dir / "case_page_in_legal_breached.png")
    window.show_page(page)
    page.set_status("breached")
    assert page.select(stored(database, number).id)
    lines = page.summary_area.label.text().splitlines()
    ended = lines.index(f"Breached on {day}: an instalment fell due and was not paid in full.")
    assert lines[ended + 1] == (
        f"Case {case_no} went back to legal, not to the work queue: the whole debt is owed again."
    )
    grab(window, screenshot_dir / "agreement_in_legal_breached.png")

    set_language("zh_CN")
    try:
        chinese = window_for(qtbot, database, "supervisor")
        chinese.open_case(case_id)
        assert chinese.cases.case_form.values["Status"].text() == (
            f"法律程序\n还款协议 {number} 于 {day} 违约：案件回到法律程序。"
        )
        grab(chinese, screenshot_dir / "case_page_in_legal_breached_zh_CN.png")
        page = chinese.agreements
        chinese.show_page(page)
        page.set_status("breached")
        assert page.select(stored(database, number).id)
        back = f"案件 {case_no} 已回到法律程序，而非工作队列：全部欠款恢复追偿。"
        assert back in page.summary_area.label.text().splitlines()
        grab(chinese, screenshot_dir / "agreement_in_legal_breached_zh_CN.png")
    finally:
        set_language("en")
