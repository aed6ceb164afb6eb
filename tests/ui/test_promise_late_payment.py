"""A promise judged broken reads kept on the case page once a payment dated inside its window is
posted through Post payment… (found by QA: it still read "Broken; paid 0.00")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import exists, select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.models import Case, CaseStatus, Loan, LoanStatus, Payment, Promise, User
from app.promises import create_promise
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
AMOUNT = 12_345  # 123.45: no other row on the timeline shows it


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _broken_promise(database) -> tuple[str, str, dt.date]:
    """A promise made five days before the queue's day and due the day before it, on an open
    case with no promise yet whose loan took no payment since: judged broken. Its case number,
    its loan's number and its due date."""
    with database.session() as s:
        today = settings.as_of(s)
        made, due = today - dt.timedelta(days=5), today - dt.timedelta(days=1)
        paid_since = exists().where(Payment.loan_id == Loan.id, Payment.paid_on >= made)
        promised = exists().where(Promise.case_id == Case.id)
        case = s.scalars(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                Loan.status == LoanStatus.ACTIVE,
                Case.amount_overdue > AMOUNT,
                ~paid_since,
                ~promised,
            )
            .order_by(Case.id)
        ).first()
        assert case is not None
        agent = s.scalar(select(User).where(User.username == "supervisor"))
        promise = create_promise(s, agent, case, AMOUNT, due, today=made)
        promise.created_at = dt.datetime.combine(made, dt.time(3), tzinfo=dt.UTC)
        s.flush()
        rebuild_queue(s, None, today, loan_ids=[case.loan_id])  # judged: nothing came in
        s.refresh(promise)
        s.refresh(case)
        assert (promise.status.value, case.status) == ("broken", CaseStatus.PROMISE_BROKEN)
        return case.case_no, case.loan.loan_no, due


def _promise_row(page) -> list[str]:
    table = page.timeline
    rows = [
        [cell_text(table, r, k) for k in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    found = [row for row in rows if any("123.45" in cell for cell in row) and "paid" in row[-1]]
    assert len(found) == 1, rows
    return found[0]


def _points(page) -> int:
    """The case's broken-promises points in its priority breakdown."""
    return sum(f.points for f in page.detail.breakdown if f.key == "broken_promises")


def test_the_case_page_reads_the_promise_kept_after_the_late_payment(
    qtbot, database, screenshot_dir
) -> None:
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    case_no, loan_no, due = _broken_promise(database)
    window = window_for(qtbot, database)
    page = window.cases
    window.sidebar.setCurrentRow(window.stack.indexOf(page))
    page.case_no.setText(case_no)
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    assert page.detail is not None and page.detail.loan.loan_no == loan_no
    assert _promise_row(page)[-1] == "Broken; paid 0.00"
    assert page.detail.status == CaseStatus.PROMISE_BROKEN.value
    assert _points(page) > 0

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText("123.45")
        dialog.date.setDate(QDate(due.year, due.month, due.day))  # paid on the due date
        dialog.reference.setText("LATE-POSTED-1")
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    payment = page.post_payment()
    assert payment is not None and payment.paid_on == due
    qtbot.waitUntil(lambda: _promise_row(page)[-1] == "Kept; paid 123.45")
    assert page.detail.status != CaseStatus.PROMISE_BROKEN.value
    assert _points(page) == 0
    grab(window, screenshot_dir / "case_page_promise_kept_late.png")
