"""Money that comes in on a loan after it was written off (it is reinstated to take it) is a
recovery after write-off: the portfolio report of the period counts it beside the write-offs, and
prints it, with the figure that SQL gives."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import func, select

from app.cases.payments import find_loan
from app.loans.closure import REINSTATE, WRITE_OFF, decide
from app.loans.service import post_payment
from app.models import Payment
from app.money import fmt
from app.reporting import portfolio_report
from reports.portfolio import render_portfolio
from tests.core import test_agreements
from tests.core.test_agreements import _case, _today, _user
from tests.reports.pdfcheck import pages_text, read

office = test_agreements.office  # three long-overdue loans, L1 to L3, each with its case


def test_a_payment_after_a_write_off_is_a_recovery_of_its_period(office) -> None:
    today = _today()
    off = today - dt.timedelta(days=10)
    with office.session() as s:
        sup = _user(s, "supervisor")
        decide(s, sup, _case(s, "L2").case_no, WRITE_OFF, "借款人失联", on=off, today=today)
        # L2's borrower turns up and pays: reinstated to take the money, then paid twice.
        decide(s, sup, _case(s, "L2").case_no, REINSTATE, "借款人主动还款", today=today)
        loan = find_loan(s, "L2")
        post_payment(s, sup, loan, 300_000, today - dt.timedelta(days=2))
        post_payment(s, sup, loan, 50_000, today)
        # L3 is written off today and its borrower pays the same day, after the decision.
        decide(s, sup, _case(s, "L3").case_no, WRITE_OFF, "借款人失联", today=today)
        decide(s, sup, _case(s, "L3").case_no, REINSTATE, "借款人当天还款", today=today)
        post_payment(s, sup, find_loan(s, "L3"), 20_000, today)
        # L1 pays, then is written off the same day: the money the write-off followed.
        post_payment(s, sup, find_loan(s, "L1"), 70_000, today)
        decide(s, sup, _case(s, "L1").case_no, WRITE_OFF, "余额无法收回", today=today)
        s.flush()

        period = portfolio_report(s, sup, today, off, today)
        w = period.write_offs
        assert (w.loans, w.recovered, w.recovered_loans) == (3, 370_000, 2)
        in_sql = s.scalar(
            select(func.sum(Payment.amount - Payment.credit_amount)).where(
                Payment.loan_id.in_([loan.id, find_loan(s, "L3").id])
            )
        )
        assert w.recovered == in_sql
        # The days before the money came: nothing recovered yet.
        before = today - dt.timedelta(days=3)
        earlier = portfolio_report(s, sup, before, off, before).write_offs
        assert (earlier.recovered, earlier.recovered_loans) == (0, 0)
        # Today alone: today's payments, not the earlier one again.
        assert portfolio_report(s, sup, today, today, today).write_offs.recovered == 70_000

    for lang, line in (
        ("en", "Recovered after write-off: {amount} paid in the period on 2 loans written off"),
        ("zh_CN", "核销后回收：期内在 2 笔此前已核销的贷款上收回 {amount}"),
    ):
        out = io.BytesIO()
        render_portfolio(period, out, lang)
        text = "".join(pages_text(read(out.getvalue()))).replace("\n", "")
        assert line.format(amount=fmt(370_000)) in text, text
