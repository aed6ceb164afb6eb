"""The dashboard's "Recovered this month" and the portfolio report's recovery count different
loans: the dashboard every loan while a case of it was open (those that fell overdue during the
month included), the report's recovery table only the loans overdue the day before its period.
The report now prints the dashboard's way of counting for its period beside its table, naming
the difference, and the tile's tool tip says what it counts: a supervisor comparing the two can
reconcile them."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select

from app.auth import authenticate
from app.models import User
from app.money import fmt
from app.queries.dashboard import dashboard
from app.queries.dashboard_days import month_start, previous_month
from app.reporting import portfolio_report
from app.reporting.period import office_today
from reports.portfolio import render_portfolio
from tests.core.test_dashboard import _recovered, _scalar
from tests.reports.pdfcheck import pages_text, read


def _pdf_text(report, lang: str) -> str:
    out = io.BytesIO()
    render_portfolio(report, out, lang)
    joined = "\n".join(pages_text(read(out.getvalue())))
    return joined.replace("\n", "" if lang == "zh_CN" else " ")


# Paid to the debt from `start` to `end` on loans a case of which opened in that time (so not
# overdue the day before it: a case opens the day after the missed due date) and none of which
# was open that day: the loans that fell overdue during the period.
FELL_OVERDUE = """SELECT SUM(p.amount - p.credit_amount) FROM payment p
    WHERE p.paid_on BETWEEN :start AND :end
    AND EXISTS (SELECT 1 FROM "case" c WHERE c.loan_id = p.loan_id
                AND c.opened_on >= :start AND c.opened_on <= p.paid_on
                AND (c.closed_on IS NULL OR c.closed_on >= p.paid_on))
    AND NOT EXISTS (SELECT 1 FROM "case" c WHERE c.loan_id = p.loan_id
                    AND c.opened_on < :start AND (c.closed_on IS NULL OR c.closed_on >= :before))"""
# Paid to the debt from `start` to `end` while no case of the loan was open, on loans with an
# instalment overdue and unpaid the day before: one that paid before a case of it opened (late a
# few days, no rebuild in between) or after its case closed.
OUT_OF_COLLECTION = """SELECT SUM(p.amount - p.credit_amount) FROM payment p
    WHERE p.paid_on BETWEEN :start AND :end
    AND EXISTS (SELECT 1 FROM instalment i WHERE i.loan_id = p.loan_id AND i.due_on < :before
                AND (i.paid_off_on IS NULL OR i.paid_off_on > :before))
    AND NOT EXISTS (SELECT 1 FROM "case" c WHERE c.loan_id = p.loan_id
                    AND c.opened_on <= p.paid_on
                    AND (c.closed_on IS NULL OR c.closed_on >= p.paid_on))"""


def test_the_report_prints_the_dashboards_figure_for_its_period(demo_db) -> None:
    user = authenticate(demo_db.sessions, "supervisor", "demo")
    with demo_db.sessions() as s:
        today = office_today(s)
        first, last = previous_month(today)
        report = portfolio_report(s, user, last, first, last)
        sql = _recovered(s, first, last)  # every loan while a case of it was open
        assert report.recovered_in_collection == sql == dashboard(s, user).recovered_last_month
        # Not the table's figure: loans that fell overdue during the month paid too (the demo
        # office's previous month has some on every day tried), which a figure over the table's
        # loans would miss.
        days = {
            "start": first.isoformat(),
            "end": last.isoformat(),
            "before": (first - dt.timedelta(days=1)).isoformat(),
        }
        fell_overdue = _scalar(s, FELL_OVERDUE, **days)
        assert fell_overdue > 0
        # Nor is either figure within the other: the table counts its loans' payments made while
        # no case of them was open, capped at what each had overdue. What it has over the
        # dashboard's figure for its own loans is at most those payments. So the dashboard's
        # figure is not always the larger: built on 5 February 2027, the demo office's loan
        # overdue 15 days, never in collection, paid it all on 5 January (and built on 20
        # December or 10 January the table's figure is the larger too).
        out = _scalar(s, OUT_OF_COLLECTION, **days)
        assert report.recovery is not None
        assert report.recovery.collected <= sql - fell_overdue + out, (sql, fell_overdue, out)
        # This month to date: the tile's own figure.
        month = portfolio_report(s, user, today, month_start(today), today)
        assert month.recovered_in_collection == dashboard(s, user).recovered_this_month
    english = _pdf_text(report, "en")
    before = f"{first - dt.timedelta(days=1):%Y-%m-%d}"
    assert (
        'the dashboard\'s "Recovered this month" counts this way): '
        f"{fmt(sql)}. The table counts only the loans overdue on {before}."
    ) in english
    chinese = _pdf_text(report, "zh_CN")
    assert (
        f"（总览的“本月回收”按此口径计算）：{fmt(sql)}。上表只计 {before} 已逾期的贷款。" in chinese
    )


def test_the_figure_is_the_whole_offices_whoever_prints_it(demo_db) -> None:
    """An admin printing the report gets the same figure as a supervisor: the report counts the
    office, not the printer's own cases."""
    with demo_db.sessions() as s:
        today = office_today(s)
        first, last = previous_month(today)
        admin = s.scalar(select(User).where(User.username == "admin"))
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        figures = {
            portfolio_report(s, u, last, first, last).recovered_in_collection
            for u in (admin, supervisor)
        }
        assert figures == {_recovered(s, first, last)}
