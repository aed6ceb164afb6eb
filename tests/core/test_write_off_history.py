"""A write-off undone is kept for the reports of its time: a loan written off and reinstated since
is off the book on the days it was written off (aging, roll rates) and among the write-offs of its
period, though its loan row no longer says so; and on the book again from its reinstatement."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.cases.payments import find_loan
from app.loans.closure import REINSTATE, WRITE_OFF, decide
from app.models import LoanReinstatement
from app.reporting import portfolio_report
from app.reporting.portfolio import roll_matrix
from app.reporting.positions import CLOSED, Snapshots
from tests.core import test_agreements
from tests.core.test_agreements import DEBT, _case, _today, _user

office = test_agreements.office  # three long-overdue loans, L1 to L3, each with its case


def _book(report) -> int:
    return sum(row.loans for row in report.aging)


def test_a_reinstated_loan_stays_written_off_in_the_reports_of_its_time(office) -> None:
    on = _today() - dt.timedelta(days=20)
    back = _today() - dt.timedelta(days=5)
    with office.session() as s:
        sup = _user(s, "supervisor")
        decide(s, sup, _case(s, "L2").case_no, WRITE_OFF, "借款人失联", on=on, today=_today())
        decide(s, sup, _case(s, "L2").case_no, REINSTATE, "核销有误，恢复催收", today=back)
        loan_id = find_loan(s, "L2").id
        kept = s.execute(
            select(
                LoanReinstatement.loan_id,
                LoanReinstatement.written_off_on,
                LoanReinstatement.reinstated_on,
                LoanReinstatement.owed,
            )
        ).all()
        assert kept == [(loan_id, on, back, DEBT)]

        # The days it was written off: off the book, and one of the period's write-offs.
        then = portfolio_report(s, sup, on, on, on)
        assert _book(then) == 2
        assert (then.write_offs.loans, then.write_offs.owed) == (1, DEBT)
        during = back - dt.timedelta(days=1)
        assert _book(portfolio_report(s, sup, during, during, during)) == 2
        # The day before it, and from its reinstatement on: on the book, overdue.
        day_before = on - dt.timedelta(days=1)
        before = portfolio_report(s, sup, day_before, day_before, day_before)
        assert _book(before) == 3 and before.write_offs.loans == 0
        now = portfolio_report(s, sup, back, back, back)
        assert _book(now) == 3 and now.overdue_loans == 3
        assert now.write_offs.loans == 0

        # Moving from the day before the write-off to its day: closed, and a loss, not a cure.
        snapshots = Snapshots(s)
        try:
            moved = roll_matrix(s, snapshots, day_before, on)
            source = next(iter(moved.counts))
            assert moved.counts[source].get(CLOSED) == 1
            assert moved.written_off == {source: 1} and moved.paid_off(source) == 0
            later = roll_matrix(s, snapshots, during, back)  # reinstated: not from the book
            assert sum(later.total(b) for b in later.counts) == 2
        finally:
            snapshots.close()


def test_written_off_again_counts_once_in_a_period_with_both(office) -> None:
    first = _today() - dt.timedelta(days=20)
    second = _today() - dt.timedelta(days=3)
    with office.session() as s:
        sup = _user(s, "supervisor")
        decide(
            s, sup, _case(s, "L3").case_no, WRITE_OFF, "借款人失联逾半年", on=first, today=_today()
        )
        decide(s, sup, _case(s, "L3").case_no, REINSTATE, "核销有误，恢复催收", today=first)
        decide(
            s, sup, _case(s, "L3").case_no, WRITE_OFF, "借款人再次失联", on=second, today=_today()
        )
        figures = portfolio_report(s, sup, _today(), first, _today()).write_offs
        assert (figures.loans, figures.owed) == (1, DEBT)
        # Reinstated on the day it was written off: never off the book at a day's end.
        report = portfolio_report(s, sup, first, first, first)
        assert _book(report) == 3 and report.write_offs.loans == 1
