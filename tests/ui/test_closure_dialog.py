"""The case page's "Legal or write-off…" on the demo office: a supervisor writes a loan off
(an empty reason refused inline, nothing saved), the page shows the closed case, then reinstates
it and is taken to the new case; what stands in the way is named; agents do not see the button;
Chinese words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, true

from app.agreements.common import IN_FORCE, IN_PROGRESS
from app.i18n import set_language
from app.models import Agreement, AuditEntry, Case, CaseStatus, Loan, LoanStatus, Payment, Visit
from app.money import fmt
from app.visits.common import OPEN
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _case(database, *, busy: bool, paid: bool = False) -> Case:
    """An open, active 180+ case with (busy: a signed one, or a visit) or without an agreement or
    visit still open;
    `paid`: one whose loan has a payment (not every such case, some build days)."""
    with database.sessions() as s:
        agreement = select(Agreement.case_id).where(Agreement.status.in_(IN_PROGRESS + IN_FORCE))
        visit = select(Visit.case_id).where(Visit.status.in_(OPEN))
        open_work = Case.id.in_(agreement) | Case.id.in_(visit)
        # What stands in the way of both decisions: a write-off cancels unsigned agreements.
        signed = select(Agreement.case_id).where(Agreement.status.in_(IN_FORCE))
        blocking = Case.id.in_(signed) | Case.id.in_(visit)
        return s.scalars(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Loan.status == LoanStatus.ACTIVE,
                blocking if busy else ~open_work,
                Case.loan_id.in_(select(Payment.loan_id)) if paid else true(),
            )
            .order_by(Case.dpd.desc(), Case.id)
        ).first()


def test_write_off_then_reinstate_from_the_case_page(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.closure import ClosureDialog

    case = _case(database, busy=False, paid=True)
    window = window_for(qtbot, database)
    page = window.cases
    assert page.show_case(case.case_no)
    window.show_page(page)
    assert page.closure_button.isVisible() and page.closure_button.isEnabled()
    seen: dict[str, object] = {}

    def write_off(dialog: ClosureDialog) -> None:
        seen["choices"] = [b.text() for b in dialog.choices.buttons()]
        seen["blockers"] = dialog.blockers.isVisible()
        dialog.choose("write_off")
        assert dialog.on.isEnabled() and "closes as written off" in dialog.effect.text()
        # The later of the last payment and the last reinstatement (a demo loan may have one).
        seen["first_day"] = dialog.state.first_write_off_day
        if dialog.state.first_write_off_day is not None:  # the calendar offers no earlier day
            first = dialog.on.minimumDate()
            assert (first.year(), first.month(), first.day()) == (
                dialog.state.first_write_off_day.timetuple()[:3]
            )
        assert dialog.try_save() is False  # no reason yet: refused inline, the dialog stays
        seen["refusal"] = dialog.error.text()
        assert "at least 10 characters" in dialog.reason.placeholderText()
        dialog.reason.setPlainText("失联")  # a write-off says why as fully as an override
        assert dialog.try_save() is False
        seen["short"] = dialog.error.text()
        dialog.reason.setPlainText("借款人失联逾两年，经诉前调查无可执行财产")
        grab(dialog, screenshot_dir / "closure_dialog.png")
        assert dialog.try_save()

    when_modal(ClosureDialog, write_off)
    done = page.decide_on_loan()
    assert done is not None and done.decision == "write_off"
    assert seen["choices"] == ["Send to legal", "Write off"] and seen["blockers"] is False
    assert "written reason" in str(seen["refusal"])
    assert seen["short"] == (
        "Write a reason of at least 10 characters (a Chinese character counts as two)."
    )
    assert seen["first_day"] is not None  # so the calendar's first day was checked
    assert page.detail.status == "closed" and page.detail.close_reason == "written_off"
    assert page.message.text() == done.message() and "is closed" in page.message.text()
    assert page.closure_button.isEnabled()  # … to reinstate it
    assert not page.contact_button.isEnabled() and not page.pay_button.isEnabled()
    assert "reinstate it (Legal or write-off…)" in page.pay_button.toolTip()  # why it is off
    # The closed case's figures stopped with it: not "0 days, 0.00 overdue" on a loan still owed.
    form = page.case_form.values
    assert form["Days past due"].text() == "—" and form["Bucket"].text() == "—"
    owed = fmt(page.detail.loan.outstanding)
    assert form["Overdue"].text() == f"— (the loan still owes {owed})"
    grab(window, screenshot_dir / "case_page_written_off.png")

    def reinstate(dialog: ClosureDialog) -> None:
        seen["choices"] = [b.text() for b in dialog.choices.buttons()]
        seen["date"] = dialog.on.isEnabled()
        dialog.reason.setPlainText("核销审批未通过，恢复催收")
        assert dialog.try_save()

    when_modal(ClosureDialog, reinstate)
    again = page.decide_on_loan()
    assert again is not None and again.case_no != case.case_no
    assert seen["choices"] == ["Reinstate the written-off loan"] and seen["date"] is False
    assert page.detail.case_no == again.case_no and page.detail.status != "closed"
    titles = [item.title for item in page.detail.timeline]
    assert "Written-off loan reinstated" in titles
    # The loan's pane still tells of the write-off undone, which the loan's status no longer does.
    *_, (off, back, owed_then) = page.detail.loan.reinstated  # the newest last
    assert (off, owed_then) == (done.on, done.outstanding)
    said = f"Written off on {off:%Y-%m-%d} ({fmt(owed_then)} owed), reinstated on {back:%Y-%m-%d}."
    assert not page.loan.write_offs.isHidden()  # (the loan tab itself is not the current one)
    assert page.loan.write_offs.text().splitlines()[-1] == said
    grab(page.loan, screenshot_dir / "loan_pane_reinstated.png")
    with database.sessions() as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "loan", AuditEntry.entity_id == done.loan_no)
            .order_by(AuditEntry.id)
        ).all()
        assert actions[-2:] == ["loan.write_off", "loan.reinstate"]
        loan = s.scalar(select(Loan).where(Loan.loan_no == done.loan_no))
        assert loan.status is LoanStatus.ACTIVE


def test_open_work_is_named_and_agents_do_not_see_the_button(qtbot, database) -> None:
    from app.loans.closure import closure_state
    from ui.dialogs.base import OK
    from ui.dialogs.closure import ClosureDialog

    case = _case(database, busy=True)
    window = window_for(qtbot, database)
    with database.sessions() as s:
        state = closure_state(s, window.user, case.case_no)
    assert state.open_work
    dialog = ClosureDialog(database, window.user, state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.blockers.isVisible() and state.open_work[0] in dialog.blockers.text()
    for decision in ("legal", "write_off"):  # both stand behind the open work: Confirm is off
        dialog.choose(decision)
        confirm = dialog.buttons.button(OK)
        assert not confirm.isEnabled() and confirm.toolTip() == dialog.blockers.text()
    dialog.choose("legal")
    dialog.reason.setPlainText("委托律师事务所起诉")
    assert dialog.try_save() is False  # and the core refuses it all the same
    assert "must be cancelled or finished first" in dialog.error.text()
    with database.sessions() as s:
        assert s.get(Case, case.id).status is not CaseStatus.LEGAL
    agent_window = window_for(qtbot, database, "agent01")
    assert agent_window.cases.closure_button.isHidden()  # not merely off screen


def test_the_dialog_in_chinese(qtbot, database, screenshot_dir) -> None:
    from app.loans.closure import closure_state
    from ui.dialogs.closure import ClosureDialog

    case = _case(database, busy=False)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        assert window.cases.closure_button.text() == "转法务或核销…"
        with database.sessions() as s:
            state = closure_state(s, window.user, case.case_no)
        dialog = ClosureDialog(database, window.user, state, window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.windowTitle() == f"处置贷款 {state.loan_no}（案件 {case.case_no}）"
        assert [b.text() for b in dialog.choices.buttons()] == ["转法务", "核销"]
        dialog.choose("legal")
        assert "法律程序" in dialog.effect.text()
        assert dialog.try_save() is False and dialog.error.text().startswith("请说明理由")
        grab(dialog, screenshot_dir / "closure_dialog_zh_CN.png")
    finally:
        set_language("en")


def test_a_write_off_names_the_unsigned_agreements_it_cancels(
    qtbot, database, screenshot_dir
) -> None:
    from app.loans.closure import closure_state
    from ui.dialogs.base import OK
    from ui.dialogs.closure import ClosureDialog

    with database.sessions() as s:
        signed = select(Agreement.case_id).where(Agreement.status.in_(IN_FORCE))
        visit = select(Visit.case_id).where(Visit.status.in_(OPEN))
        unsigned = select(Agreement.case_id).where(Agreement.status.in_(IN_PROGRESS))
        case = s.scalars(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Loan.status == LoanStatus.ACTIVE,
                Case.id.in_(unsigned),
                ~Case.id.in_(signed) & ~Case.id.in_(visit),
            )
            .order_by(Case.id)
        ).first()
    assert case is not None
    window = window_for(qtbot, database)
    with database.sessions() as s:
        state = closure_state(s, window.user, case.case_no)
    assert state.unsigned and state.unsigned == state.open_work
    dialog = ClosureDialog(database, window.user, state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose("legal")  # legal still waits for them
    assert dialog.blockers.isVisible() and not dialog.buttons.button(OK).isEnabled()
    dialog.choose("write_off")
    dialog.early.setChecked(True)
    assert not dialog.blockers.isVisible() and dialog.buttons.button(OK).isEnabled()
    assert state.unsigned[0] in dialog.effect.text()
    dialog.grab().save(str(screenshot_dir / "closure_unsigned.png"))
    dialog.reason.setPlainText("借款人无力偿还全部欠款")
    assert dialog.try_save() is True
    with database.sessions() as s:
        number = state.unsigned[0]
        status = s.scalar(select(Agreement.status).where(Agreement.agreement_no == number))
        assert status.value == "cancelled"
