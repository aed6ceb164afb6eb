"""Benchmark operations for the period reports: a one-month compliance report and a portfolio
report (gather + PDF), each beside a baseline measured in the same run — a bare ReportLab canvas
writing the same number of table rows (same embedded font file, one string per cell, 40 rows a
page).
The portfolio report's layout is also timed alone, from figures already gathered: its gathering
ages the whole loan book at several dates, which its 89-row baseline does not."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.models import User
from app.reporting import compliance_report, portfolio_report
from app.reporting.compliance import ComplianceReport
from app.reporting.portfolio import PortfolioReport
from db.store import Database
from reports.compliance_report import render_compliance_report
from reports.fonts import MAIN_FILE, font_file
from reports.portfolio import render_portfolio

COLUMNS = 7
Op = tuple[str, Callable[[], None], tuple[str, Callable[[], None]] | None, str]


def compliance_rows(r: ComplianceReport) -> int:
    lists = (r.by_channel, r.caps, r.by_rule, r.blocked, r.overrides, r.warnings_by_agent)
    lists += (r.third_party, r.visits, r.complaints, r.training)  # type: ignore[assignment]
    return 12 + 4 + sum(len(x) for x in lists) + len(r.header.ruleset_versions)


def portfolio_rows(r: PortfolioReport) -> int:
    recovery = len(r.recovery.by_bucket) + 1 if r.recovery else 0
    return len(r.aging) + 1 + 6 * len(r.rolls) + recovery + 20 + len(r.agents) + len(r.products)


BASELINE_FONT = "BaselineCJK"


def baseline_font() -> str:
    """The reports' CJK font file, registered as ReportLab's own TrueType font: the baselines
    do not get the reports' fallback for rarer characters (reports/fonts.py), whose run check
    would slow them too and flatter the ratio."""
    if BASELINE_FONT not in pdfmetrics.getRegisteredFontNames():
        with font_file(MAIN_FILE) as path:
            pdfmetrics.registerFont(TTFont(BASELINE_FONT, str(path), subfontIndex=0))
    return BASELINE_FONT


def bare_canvas(rows: int) -> Callable[[], None]:
    """The baseline: `rows` table rows of COLUMNS strings drawn straight on a canvas."""

    def run() -> None:
        font = baseline_font()
        canvas = Canvas(io.BytesIO(), pagesize=landscape(A4))
        canvas.setFont(font, 8)
        for row in range(rows):
            if row and row % 40 == 0:
                canvas.showPage()
                canvas.setFont(font, 8)
            y = 560 - (row % 40) * 12
            for column in range(COLUMNS):
                canvas.drawString(40 + column * 110, y, f"C2026-{row:06d} 王芳 {column}")
        canvas.save()

    return run


def report_ops(database: Database, user: User, as_of: dt.date) -> tuple[list[Op], list[str]]:
    """The two report operations with their baselines, and a line describing each data set."""
    start = as_of - dt.timedelta(days=29)  # the busiest month of the demo office: the last one

    def compliance() -> ComplianceReport:
        with database.sessions() as s:
            report = compliance_report(s, user, start, as_of)
        render_compliance_report(report, io.BytesIO())
        return report

    def portfolio() -> PortfolioReport:
        with database.sessions() as s:
            report = portfolio_report(s, user, as_of, start, as_of)
        render_portfolio(report, io.BytesIO())
        return report

    gathered = portfolio()

    def portfolio_layout() -> None:  # the same PDF from figures already gathered
        render_portfolio(gathered, io.BytesIO())

    c_rows, p_rows = compliance_rows(compliance()), portfolio_rows(gathered)
    notes = [
        f"compliance report: {start} to {as_of}, {c_rows:,} table rows; "
        f"portfolio report: as of {as_of}, same period, {p_rows:,} table rows",
    ]
    ops: list[Op] = [
        (
            "compliance report, one month (PDF)",
            compliance,
            (f"bare canvas, {c_rows:,} rows", bare_canvas(c_rows)),
            "≤ 3 s, ≤ 3×",
        ),
        (
            "portfolio report (PDF)",
            portfolio,
            (f"bare canvas, {p_rows:,} rows", bare_canvas(p_rows)),
            "≤ 3 s, ≤ 3×",
        ),
        (
            "  its layout alone (PDF)",
            portfolio_layout,
            (f"bare canvas, {p_rows:,} rows", bare_canvas(p_rows)),
            "—",
        ),
    ]
    return ops, notes
