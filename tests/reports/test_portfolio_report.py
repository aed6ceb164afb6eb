"""The portfolio and recovery report PDF parsed back with pypdf: section titles, the aging and
recovery figures, roll-rate tables per month, "page X of Y" and the rule-set version on every
page, every font embedded, Chinese, and an empty period (pages rendered to PNG to look at)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from sqlalchemy import select

from app.models import User
from app.money import fmt
from app.reporting import portfolio_report
from app.reporting.portfolio import PortfolioReport
from reports.portfolio import render_portfolio
from tests.reports.pdfcheck import fonts, pages_text, read, render_png
from tests.reports.test_compliance_report import assert_every_page_is_framed

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=60), TODAY


def gather(demo_db, as_of=END, start=START, end=END, lang="en") -> PortfolioReport:
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        return portfolio_report(s, supervisor, as_of, start, end, lang)


def render(report: PortfolioReport, lang: str) -> bytes:
    out = io.BytesIO()
    render_portfolio(report, out, lang)
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "en",
            (
                "Portfolio and recovery report",
                f"Aging as of {END:%Y-%m-%d}",
                "Roll rates between buckets, month end to month end",
                "Recovery rate",
                "Promises, agreements and visits",
                "Visit cost per amount recovered",
                "Agreements breached in the period",
                "Agreements kept rate (of those ended in the period)",
                "By agent",
                "By product",
            ),
        ),
        (
            "zh_CN",
            (
                "资产组合与回收报告",
                "账龄分布",
                "账龄段迁移率",
                "回收率",
                "期内违约的协议",
                "按产品",
            ),
        ),
    ],
)
def test_sections_figures_and_fonts(demo_db, lang, titles, screenshot_dir) -> None:
    report = gather(demo_db, lang=lang)
    data = render(report, lang)
    reader = read(data)
    texts = pages_text(reader)
    text = "\n".join(texts)
    for title in titles:
        assert title in text, title
    assert_every_page_is_framed(texts, report.header.ruleset_versions[-1], lang)
    for row in report.aging:
        assert fmt(row.overdue) in text
    assert fmt(report.recovery.overdue) in text and fmt(report.recovery.collected) in text
    for matrix in report.rolls:
        assert f"{matrix.start:%Y-%m-%d}" in text and f"{matrix.end:%Y-%m-%d}" in text
        partial = " (month to date)" if lang == "en" else "（本月至今）"
        assert (f"{matrix.end:%Y-%m-%d}{partial}" in text) == matrix.month_to_date
    for product in report.products:
        assert product.product in text
    if lang == "en":  # the English report is in English
        assert "回收率" not in text
    pairs = {
        "en": "A visit counts for each agent on it",
        "zh_CN": "每次上门对参与的每位催收员各计一次",
    }
    assert pairs[lang] in text.replace("\n", "")
    w = report.write_offs
    said = {
        "en": f"Written off in the period: {w.loans:,} loan{'' if w.loans == 1 else 's'}, with "
        f"{fmt(w.owed)} still owed",
        "zh_CN": f"期内核销：{w.loans:,} 笔贷款，核销时尚欠 {fmt(w.owed)}。",
    }[lang]
    assert said in text.replace("\n", "")
    used = fonts(reader)
    assert used and all(embedded for _name, embedded in used), used
    render_png(data, screenshot_dir / "reports", f"portfolio-{lang}")


def test_the_written_off_line_says_one_loan_or_many(demo_db) -> None:
    """ "1 loan … still owed on it", "2 loans … on them"; Chinese reads the same words for both."""
    report = gather(demo_db)
    assert report.write_offs is not None
    said = {
        (1, "en"): "Written off in the period: 1 loan, with {owed} still owed on it.",
        (2, "en"): "Written off in the period: 2 loans, with {owed} still owed on them.",
        (1, "zh_CN"): "期内核销：1 笔贷款，核销时尚欠 {owed}。",
    }
    for (loans, lang), line in said.items():
        report.write_offs = dataclasses.replace(report.write_offs, loans=loans)
        text = "".join(pages_text(read(render(report, lang)))).replace("\n", "")
        assert line.format(owed=fmt(report.write_offs.owed)) in text


def test_an_empty_period_prints_a_clear_page(demo_db, screenshot_dir) -> None:
    report = gather(demo_db, dt.date(2001, 1, 31), dt.date(2001, 1, 1), dt.date(2001, 1, 31))
    assert report.empty
    data = render(report, "en")
    texts = pages_text(read(data))
    assert len(texts) == 1 and "No data in this period" in texts[0]
    assert "2001-01-01 to 2001-01-31" in texts[0]
    # No rule set had been stored by then: the footer names none.
    assert report.header.ruleset_versions == ()
    assert_every_page_is_framed(texts, "—", "en")
    render_png(data, screenshot_dir / "reports", "portfolio-empty")


def test_a_roll_matrix_that_stops_short_of_a_month_end_says_so() -> None:
    from app.reporting.portfolio import RollMatrix

    assert not RollMatrix(dt.date(2026, 10, 31), dt.date(2026, 11, 30), {}).month_to_date
    assert not RollMatrix(dt.date(2024, 1, 31), dt.date(2024, 2, 29), {}).month_to_date
    assert RollMatrix(dt.date(2026, 11, 30), dt.date(2026, 12, 1), {}).month_to_date


def test_months_before_the_book_held_a_loan_are_said_in_one_line(demo_db, screenshot_dir) -> None:
    from app.reporting.portfolio import RollMatrix

    report = gather(demo_db)
    ends = [dt.date(2019, 12, 31), dt.date(2020, 1, 31), dt.date(2020, 2, 29)]
    before = [
        RollMatrix(a, b, {}) for a, b in zip(ends, [*ends[1:], report.rolls[0].start], strict=True)
    ]
    report.rolls = before + report.rolls
    data = render(report, "en")
    text = "\n".join(pages_text(read(data))).replace("\n", " ")
    assert (
        "No loan was on the book at the month ends from 2019-12-31 to 2020-02-29: no roll rates "
        "for those months." in text
    )
    assert "From 2019-12-31 to 2020-01-31" not in text  # no table of zeros
    for matrix in report.rolls[3:]:
        assert f"From {matrix.start:%Y-%m-%d} to {matrix.end:%Y-%m-%d}" in text
    zh = "\n".join(pages_text(read(render(report, "zh_CN")))).replace("\n", "")
    assert "2019-12-31 至 2020-02-29 的各月末账上没有贷款：这些月份没有迁移率。" in zh
    render_png(data, screenshot_dir / "reports", "portfolio-before-the-book")
