"""QA14's agreement findings in the window: Record signing… asks again for a day before the
approval (#1); the dashboard's approvals list holds a draft replacing signed terms and says so
(#2); Edit draft… after a payment opens on today's debt, the payment no waiver (#3)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select, update

from app.agreements import approve, draft_plan, sign
from app.cases.payments import record_payment
from app.models import Agreement, AgreementStatus, Case, User
from tests.ui.test_agreement_edit import _edit
from tests.ui.test_agreements import _today, free_cases, stored
from tests.ui.test_agreements import database as database  # the demo office, queue rebuilt
from tests.ui.test_dashboard import _click_tile
from tests.ui.test_dashboard import window_for as dashboard_window
from tests.ui.test_queue import grab, window_for
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _user(s, name: str) -> User:
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _plan(database, case_no: str, count: int = 3) -> tuple[str, int]:
    """A plan for the whole debt agent01 drafts on the case: (number, id)."""
    with database.session() as s:
        start = _today() + dt.timedelta(days=10)
        drafted = draft_plan(s, _user(s, "agent01"), case_no, count=count, start=start)
        return drafted.agreement_no, drafted.id


def test_record_signing_asks_again_for_a_day_before_the_approval(qtbot, database) -> None:
    number, agreement_id = _plan(database, free_cases(database)[0])
    with database.session() as s:  # drafted three days ago, approved today
        at = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
        s.execute(update(Agreement).where(Agreement.id == agreement_id).values(created_at=at))
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    assert page.select(agreement_id) and page.approve_selected()
    today = _today()
    answers = iter([(today - dt.timedelta(days=1)).isoformat(), today.isoformat()])
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.labelText())
        dialog.setTextValue(next(answers))
        if len(asked) < 2:
            when_modal(QInputDialog, answer)
        dialog.accept()

    when_modal(QInputDialog, answer)
    assert page.ask_sign() is True
    said = f"An agreement cannot be signed before it was approved ({today.isoformat()})."
    assert asked[1].startswith(said)
    assert stored(database, number).signed_on == today


def test_the_approvals_list_holds_a_draft_replacing_signed_terms(
    qtbot, database, screenshot_dir
) -> None:
    case_no = free_cases(database)[0]
    first, _ = _plan(database, case_no)
    with database.session() as s:
        agent = _user(s, "agent01")
        approve(s, agent, first)
        sign(s, agent, first, _today())
    second, _ = _plan(database, case_no, count=6)
    window = dashboard_window(qtbot, database)
    _click_tile(qtbot, window.dashboard, "approvals")
    dialog = window.list_dialog
    assert dialog is not None
    (row,) = [r for r in dialog.rows if r[1] == second]
    assert row[0] == "Agreement" and row[6].endswith(f"; replaces signed {first}")
    grab(dialog, screenshot_dir / "agrfix_approvals_replacing.png")
    dialog.open_row(dialog.rows.index(row))  # → the Agreements page, where a supervisor approves
    assert window.agreements.selected_number() == second
    assert window.agreements.approve_selected()
    assert stored(database, second).status is AgreementStatus.APPROVED


def test_edit_draft_after_a_payment_opens_on_todays_debt(qtbot, database, screenshot_dir) -> None:
    case_no = free_cases(database)[0]
    number, agreement_id = _plan(database, case_no)
    with database.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None
        loan_no = case.loan.loan_no
        record_payment(s, _user(s, "agent01"), loan_no, 50_000, _today(), today=_today())
    debt = stored(database, number).debt_amount
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    assert page.select(agreement_id)
    # Approve is off, saying the edit re-bases the draft (not "cancel it and draft a new one").
    assert not page.approve_button.isEnabled()
    assert "edit it first: saved, its terms settle" in page.approve_button.toolTip()

    def change(dialog, seen) -> None:
        seen["note"] = dialog.findChild(type(dialog.waiver), "stale").text()
        seen["amount"], seen["waiver"] = dialog.amount.text(), dialog.waiver.text()
        grab(dialog, screenshot_dir / "agrfix_edit_after_payment.png")
        assert dialog.try_save()

    seen = _edit(page, change)
    assert seen["saved"] is True
    owed = debt - 50_000
    assert str(seen["note"]).startswith(f"Loan {loan_no} now owes ")
    assert seen["waiver"] == "Waiver 0.00"  # the payment is not waived
    saved = stored(database, number)
    assert (saved.debt_amount, saved.settled_amount, saved.waiver_amount) == (owed, owed, 0)
    assert sum(i.amount for i in saved.instalments) == owed
    # Approved and signed, the payment taken off the debt is not paid again toward the plan
    # (QA s45: the first instalment read it as paid, so more was waived than approved).
    with database.session() as s:
        approve(s, _user(s, "supervisor"), number)
        sign(s, _user(s, "agent01"), number, _today())
    page.refresh()
    assert page.select(agreement_id)
    assert [i.paid_amount for i in stored(database, number).instalments] == [0, 0, 0]
    paid_column = 3  # the plan table: no., due, amount, paid, status
    shown = [cell_text(page.plan, row, paid_column) for row in range(page.plan.rowCount())]
    assert shown == ["0.00"] * 3
