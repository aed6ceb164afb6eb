"""In the window (found by QA): Post payment… of a payment dated before one posted already
previews and pays the oldest instalment, and the case page says which payment was allocated again;
with the queue date in the past, a payment dated today leaves the case page and the work queue's
row at the queue date's figures, the overdue amount equal to its parts. Real widgets, a real
database (tests/core/ledger_office.py, figures worked out by hand); screenshots in English and
Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.i18n import set_language
from app.loans.service import post_payment
from app.models import Case
from tests.core.ledger_office import Q1_PAYMENT, build, loan, user
from tests.office_day import months_ago, office_today
from tests.ui.test_queue import grab, window_for
from ui.date_widgets import qdate
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
FIRST_DUE = months_ago(6, 10)
QUEUE_DATE = months_ago(0, 1) - dt.timedelta(days=1)  # always before today


@pytest.fixture
def office(db, qapp: QApplication) -> Iterator:
    build(db, first_due=FIRST_DUE, q2_first_due=office_today() + dt.timedelta(days=40))
    with db.session() as s:
        rebuild_queue(s, None)
    yield db
    set_language("en")


def _case_page(qtbot, office):
    with office.sessions() as s:
        case_no = s.scalar(select(Case.case_no).where(Case.loan_id == loan(s, "Q1").id))
    window = window_for(qtbot, office, "sup")
    page = window.cases
    window.sidebar.setCurrentRow(window.stack.indexOf(page))
    page.case_no.setText(case_no)
    qtbot.keyClick(page.case_no, Qt.Key.Key_Return)
    assert page.detail is not None and page.detail.case_no == case_no
    return window, page


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_earlier_dated_payment_in_the_window(qtbot, office, lang, screenshot_dir) -> None:
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    with office.session() as s:
        post_payment(s, None, loan(s, "Q1"), Q1_PAYMENT, months_ago(1, 1), reference="LATE-1")
    set_language(lang)
    window, page = _case_page(qtbot, office)
    seen: dict[str, object] = {}

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText("1068.99")
        dialog.date.setDate(qdate(FIRST_DUE))
        dialog.reference.setText("ON-1")
        preview = dialog.preview
        seen["preview"] = [
            [cell_text(preview, row, column) for column in range(4)]
            for row in range(preview.rowCount())
        ]
        assert dialog.grab().save(str(screenshot_dir / f"payment_earlier_dated_{lang}.png"))
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    payment = page.post_payment()
    assert payment is not None and payment.paid_on == FIRST_DUE
    assert seen["preview"] == [["1", "0.00", "125.00", "943.99"]]  # instalment 1, not 2
    assert page.message.text() == (
        f"Posted 1,068.99 to Q1 on {FIRST_DUE}. It is dated before 1 payment posted already "
        "(LATE-1): that one was allocated again after it, in date order."
        if lang == "en"
        else f"已于 {FIRST_DUE} 为 Q1 登记还款 1,068.99。该笔还款的日期早于已登记的 1 笔还款"
        "（LATE-1）：这些还款已按日期顺序排在其后重新分配。"
    )
    grab(window, screenshot_dir / f"case_page_earlier_dated_{lang}.png")
    with office.sessions() as s:
        q1 = loan(s, "Q1")
        assert [i.paid_off_on for i in q1.instalments[:2]] == [FIRST_DUE, months_ago(1, 1)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_queue_dates_figures_stay_after_a_payment_today(
    qtbot, office, lang, screenshot_dir
) -> None:
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    with office.session() as s:
        settings.put(s, user(s, "sup"), "queue.as_of", QUEUE_DATE.isoformat())
        rebuild_queue(s, None, QUEUE_DATE)
    set_language(lang)
    window, page = _case_page(qtbot, office)

    def pay(dialog: PaymentDialog) -> None:  # dated today, the dialog's default
        dialog.amount.setText("100")
        dialog.reference.setText("AS-1")
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    assert page.post_payment() is not None
    today = office_today()
    assert page.message.text() == (
        f"Posted 100.00 to Q1 on {today}. Days past due and amounts overdue are as of the queue "
        f"date, {QUEUE_DATE}: this payment counts in them once the queue is rebuilt as of {today} "
        "or later."
        if lang == "en"
        else f"已于 {today} 为 Q1 登记还款 100.00。逾期天数和逾期金额按队列日期 {QUEUE_DATE} 计："
        f"队列按 {today} 或之后的日期重建后，才计入这笔还款。"
    )
    dpd = (QUEUE_DATE - FIRST_DUE).days
    detail = page.detail
    assert (detail.as_of, detail.dpd, detail.amount_overdue) == (QUEUE_DATE, dpd, 641_394)
    parts = (detail.overdue_principal, detail.overdue_interest, detail.overdue_fee)
    assert parts == (581_350, 60_044, 0)
    grab(window, screenshot_dir / f"case_page_queue_date_{lang}.png")
    queue = window.queue
    window.show_page(queue)
    queue.refresh()
    qtbot.waitUntil(lambda: queue.model.rowCount() > 0)
    row = queue.model.row_data(0)
    assert (row.loan_no, row.dpd, row.amount_overdue) == ("Q1", dpd, 641_394)
    grab(window, screenshot_dir / f"queue_queue_date_{lang}.png")
