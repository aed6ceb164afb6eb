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
from app.queries.dashboard import dashboard, month_start, previous_month
from app.reporting import portfolio_report
from app.reporting.period import office_today
from reports.portfolio import render_portfolio
from tests.core.test_dashboard import _recovered
from tests.reports.pdfcheck import pages_text, read


def _pdf_text(report, lang: str) -> str:
    out = io.BytesIO()
    render_portfolio(report, out, lang)
    joined = "\n".join(pages_text(read(out.getvalue())))
    return joined.replace("\n", "" if lang == "zh_CN" else " ")


def test_the_report_prints_the_dashboards_figure_for_its_period(demo_db) -> None:
    user = authenticate(demo_db.sessions, "supervisor", "demo")
    with demo_db.sessions() as s:
        today = office_today(s)
        first, last = previous_month(today)
        report = portfolio_report(s, user, last, first, last)
        sql = _recovered(s, first, last)  # every loan while a case of it was open
        assert report.recovered_in_collection == sql == dashboard(s, user).recovered_last_month
        # Not the table's figures: loans that fell overdue during the month paid too.
        assert report.recovery is not None and sql > report.recovery.collected
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
