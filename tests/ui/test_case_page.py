"""The case page on the demo office: opened from the queue, its timeline and breakdown, a payment
posted through PaymentDialog that clears the overdue amount, a duplicate reference refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import exists, func, select

from app import settings
from app.i18n import tr as _
from app.models import Case, CaseStatus, Instalment, Loan, LoanStatus, Payment, User
from app.money import from_minor
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _payable_case(database) -> Case:
    """The most urgent open case whose active loan still has instalments to come (so paying
    the overdue amount cures the case rather than paying the loan off), and no agreement in
    force (a case stays with its agreement until that ends)."""
    with database.sessions() as s:
        later = exists().where(Instalment.loan_id == Loan.id, Instalment.due_on > settings.as_of(s))
        return s.scalars(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Case.status.not_in([CaseStatus.LEGAL, CaseStatus.AGREEMENT]),
                Loan.status == LoanStatus.ACTIVE,
                Case.amount_overdue > 0,
                later,
            )
            .order_by(Case.score.desc(), Case.id)
        ).first()


def _payments(database) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count(Payment.id)))


def test_double_click_opens_the_case_with_timeline_and_breakdown(
    qtbot, database, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    queue = window.queue
    window.show_page(queue)  # the dashboard comes first after login
    row = queue.model.row_data(0)
    rect = queue.table.visualRect(queue.model.index(0, 2))
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.cases
    assert window.stack.currentWidget() is page
    assert window.sidebar.currentRow() == window.stack.indexOf(page)
    d = page.detail
    assert d is not None and d.id == row.id
    assert page.title.text().startswith(f"{row.case_no} · {row.borrower}")
    assert page.timeline.rowCount() == len(d.timeline) > 3
    assert page.tabs.tabText(0) == _("Timeline ({count})", count=len(d.timeline))
    kinds = {cell_text(page.timeline, r, 1) for r in range(page.timeline.rowCount())}
    assert {"Case", "Contact"} <= kinds
    when = [cell_text(page.timeline, r, 0) for r in range(page.timeline.rowCount())]
    assert when == sorted(when, reverse=True)
    # A day without a time of day shows the day alone, not a made-up 00:00.
    titles = [cell_text(page.timeline, r, 2) for r in range(page.timeline.rowCount())]
    assert len(when[titles.index("Case opened")]) == len("2026-06-07")
    kinds_of = [cell_text(page.timeline, r, 1) for r in range(page.timeline.rowCount())]
    assert len(when[kinds_of.index("Contact")]) == len("2026-06-07 10:01")
    assert page.breakdown.rowCount() == len(d.breakdown) + 1
    last = page.breakdown.rowCount() - 1
    assert (cell_text(page.breakdown, last, 0), cell_text(page.breakdown, last, 1)) == (
        "Score",
        str(row.score),
    )
    assert sum(int(cell_text(page.breakdown, r, 1)) for r in range(last)) == row.score
    assert page.borrower_form.values["ID number"].text() == row.masked_id
    assert page.loan.schedule.rowCount() > 0
    assert page.related.rowCount() == len(d.borrower.related)
    grab(window, screenshot_dir / "case_page.png")
    page.tabs.setCurrentIndex(1)
    page.loan.tabs.setCurrentIndex(1)
    grab(window, screenshot_dir / "case_page_loan.png")


def test_payment_clears_the_overdue_and_closes_the_case(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.payment import PaymentDialog

    case = _payable_case(database)
    window = window_for(qtbot, database)
    page = window.cases
    window.sidebar.setCurrentRow(window.stack.indexOf(page))  # "Cases", then a case number
    assert window.stack.currentWidget() is page
    page.case_no.setText(case.case_no)
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    assert page.detail is not None and page.detail.id == case.id
    assert page.pay_button.isEnabled()
    assert window.queue.model.row_of(case.id) is not None
    d = page.detail
    assert d.overdue_principal + d.overdue_interest + d.overdue_fee == case.amount_overdue

    dialog = PaymentDialog(database, window.user, d.loan.loan_no, page, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.amount, f"{from_minor(case.amount_overdue):,}")
    dialog.method.setCurrentIndex(dialog.method.findData("wechat"))
    qtbot.keyClicks(dialog.reference, "WX-20261128-0001")
    assert dialog.preview.rowCount() >= 1
    allocated = sum(
        int(cell_text(dialog.preview, r, 4).replace(",", "").replace(".", ""))
        for r in range(dialog.preview.rowCount())
    )
    assert allocated == case.amount_overdue
    grab(dialog, screenshot_dir / "payment_dialog.png")
    widths = [dialog.preview.columnWidth(c) for c in range(1, 5)]  # the amounts share the width
    assert max(widths) - min(widths) <= 2 and widths[0] > dialog.preview.columnWidth(0)
    count = _payments(database)
    assert dialog.try_post() is True
    assert dialog.payment is not None and dialog.payment.amount == case.amount_overdue
    assert _payments(database) == count + 1

    # The case page and the queue follow the announcement at once.
    assert page.detail.status == "closed" and page.detail.close_reason == "cured"
    assert page.title.text().endswith("Closed — Cured")
    assert page.case_form.values["Overdue"].text() == "0.00"
    assert page.case_form.values["Days past due"].text() == "0"
    assert any(i.title == "Case closed (cured)" for i in page.detail.timeline)
    assert any(i.kind == "payment" and "WX-20261128-0001" in i.detail for i in page.detail.timeline)
    assert window.queue.model.row_of(case.id) is None
    assert not page.assign_button.isEnabled()
    closed = f"Case {case.case_no} is closed: nothing more is recorded or decided on it."
    for button in (page.contact_button, page.assign_button, page.agreement_button):
        assert not button.isEnabled() and button.toolTip() == closed  # why greyed (QA s42)
    grab(window, screenshot_dir / "case_page_paid.png")

    # The same reference again, on another loan, typed in lower case and in full width: refused
    # and named as posted, shown inline, nothing saved (QA s44: posted twice).
    other = _payable_case(database)
    again = PaymentDialog(database, window.user, _loan_no(database, other), page, window.hub)
    qtbot.addWidget(again)
    again.show()
    again.amount.setText("100.00")
    again.reference.setText("ｗｘ-20261128-0001")
    assert again.try_post() is False
    assert again.error.isVisible() and again.result() != again.DialogCode.Accepted
    assert again.error.text() == _(
        "A payment with reference {ref} is already posted.", ref="WX-20261128-0001"
    )
    assert again.payment is None and _payments(database) == count + 1
    grab(again, screenshot_dir / "payment_dialog_duplicate.png")
    again.reject()
    assert page.show_case(other.case_no)  # an open case: the closed case's reasons go
    assert page.contact_button.isEnabled() and page.contact_button.toolTip() == ""
    assert page.assign_button.isEnabled() and page.assign_button.toolTip() == ""


def _loan_no(database, case: Case) -> str:
    with database.sessions() as s:
        return s.get(Loan, case.loan_id).loan_no


def test_bad_amount_is_explained_inline(qtbot, database) -> None:
    from ui.dialogs.payment import PaymentDialog

    case = _payable_case(database)
    window = window_for(qtbot, database)
    dialog = PaymentDialog(database, window.user, _loan_no(database, case), window)
    qtbot.addWidget(dialog)
    dialog.amount.setText("12.345")
    assert dialog.preview.rowCount() == 0
    assert dialog.preview_note.text() == _(
        "An amount has at most two decimal places: {value}", value="12.345"
    )
    count = _payments(database)
    assert dialog.try_post() is False and _payments(database) == count


def test_assign_from_the_case_page_refused_then_granted(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.cases
    case_id = window.queue.model.id_at(0)
    window.open_case(case_id)
    assert page.assign(username="agent01") is False  # lapsed training
    assert page.message.isVisible() and "training" in page.message.text()
    with database.sessions() as s:
        before = s.get(Case, case_id).assigned_agent_id
        agent = s.scalar(select(User).where(User.username == "agent02"))
    assert page.assign("agent02") is True
    assert page.detail.agent == agent.display_name
    assert page.case_form.values["Agent"].text() == agent.display_name
    assert before != agent.id or page.detail.agent_username == "agent02"


def test_no_visit_is_offered_on_a_contract_without_a_visit_clause(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.cases
    with database.sessions() as s:
        open_case = (Case.status != CaseStatus.CLOSED, Loan.status == LoanStatus.ACTIVE)
        without, with_clause = (
            s.execute(
                select(Case.case_no, Loan.loan_no)
                .join(Loan, Loan.id == Case.loan_id)
                .where(*open_case, Loan.home_visit_consent.is_(consent))
                .order_by(Case.id)
                .limit(1)
            ).one()
            for consent in (False, True)
        )
    assert page.show_case(without[0])
    assert not page.visit_button.isEnabled()
    assert without[1] in page.visit_button.toolTip() and "home-visit" in page.visit_button.toolTip()
    assert page.show_case(with_clause[0])
    assert page.visit_button.isEnabled() and page.visit_button.toolTip() == ""


def test_agent_cannot_open_someone_elses_case(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent02")
    with database.sessions() as s:
        me = s.scalar(select(User).where(User.username == "agent02"))
        other = s.scalar(
            select(Case).where(Case.assigned_agent_id != me.id, Case.status != CaseStatus.CLOSED)
        )
    page = window.cases
    assert page.show_case(other.case_no) is False
    assert not page.message.isHidden() and other.case_no in page.message.text()
    assert page.detail is None and not page.pay_button.isEnabled()
    assert not page.assign_button.isVisible()
    QApplication.processEvents()


def test_the_page_before_a_case_lists_those_opened_lately(qtbot, database, screenshot_dir) -> None:
    """No skeleton of empty fields: how to open a case, then the cases opened lately on this
    workstation (the latest first, kept per office and user); a double-click opens one."""
    window = window_for(qtbot, database)
    page = window.cases
    window.show_page(page)
    assert page.body.currentWidget() is page.start
    assert not page.start.table.isVisibleTo(page) and not page.start.heading.isVisibleTo(page)
    first, second = window.queue.model.id_at(0), window.queue.model.id_at(1)
    window.open_case(first)
    window.open_case(second)
    window.open_case(first)
    assert page.body.currentWidget() is page.splitter

    again = window_for(qtbot, database)  # the next start, the same user
    again.show_page(again.cases)
    start = again.cases.start
    assert again.cases.body.currentWidget() is start and start.table.isVisibleTo(again.cases)
    with database.sessions() as s:
        numbers = [s.get(Case, i).case_no for i in (first, second)]
    assert [cell_text(start.table, r, 0) for r in range(start.table.rowCount())] == numbers
    grab(again, screenshot_dir / "case_page_start.png")
    start.table.doubleClicked.emit(start.table.model().index(1, 0))
    assert again.cases.detail is not None and again.cases.detail.case_no == numbers[1]

    other = window_for(qtbot, database, "admin")  # another user's list is their own
    other.show_page(other.cases)
    assert other.cases.start.table.rowCount() == 0


def test_the_case_page_says_what_its_post_payment_posted(qtbot, database, screenshot_dir) -> None:
    """Post payment… on the case page: the dialog posts, the page says what went where and when
    (as `payment post` does), and a cancelled dialog says nothing."""
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    case = _payable_case(database)
    window = window_for(qtbot, database)
    page = window.cases
    window.sidebar.setCurrentRow(window.stack.indexOf(page))
    page.case_no.setText(case.case_no)
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    loan_no = page.detail.loan.loan_no

    when_modal(PaymentDialog, lambda d: d.reject())
    assert page.post_payment() is None
    assert not page.message.isVisible()

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText("12.34")
        dialog.reference.setText("CASE-PAGE-0001")
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    payment = page.post_payment()
    assert payment is not None and payment.amount == 1234
    assert page.message.isVisible()
    assert page.message.text() == _(
        "Posted {amount} to {loan_no} on {date}.",
        amount="12.34",
        loan_no=loan_no,
        date=payment.paid_on.isoformat(),
    )
    assert _payments(database) >= 1
    grab(window, screenshot_dir / "case_page_payment_posted.png")
