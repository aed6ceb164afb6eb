"""The portfolio and recovery report's headings stay on one page with what follows them (as the
compliance report's do, test_section_heads.py): the table's header and first two rows, the
chart, the first roll-rate matrix; parsed back with pypdf in English and Chinese, while a page's
height of agents' rows pushes "By product" past every point of a page's foot."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from app.i18n import tr
from app.reporting.period import Header, Period
from app.reporting.portfolio import AgingRow, PortfolioReport, RollMatrix
from app.reporting.portfolio_agreements import AgreementFigures
from app.reporting.portfolio_parts import (
    AgentRow,
    ProductRow,
    PromiseFigures,
    Recovery,
    RecoveryRow,
    VisitFigures,
)
from reports.portfolio import render_portfolio
from tests.reports.headed_pages import assert_headed
from tests.reports.pdfcheck import render_png

AS_OF = dt.date(2026, 11, 30)
LONG = "personal consumer loan, equal instalments over twenty-four months, early repayment free"
RECOVERY = (
    "Collected in the period on the loans overdue on {date}, each loan counted up to what it had "
    "overdue then, divided by that overdue amount."
)


def _portfolio(agents: int) -> PortfolioReport:
    buckets = ("current", "M1", "M2", "M3", "M4+", "180+")
    return PortfolioReport(
        Header("测试营业部", dt.datetime(2026, 12, 1, tzinfo=dt.UTC), ("CN 2026.4",)),
        Period(dt.date(2026, 11, 1), AS_OF, "Asia/Shanghai"),
        AS_OF,
        aging=[AgingRow(b, 10 + n, 100_000 * n) for n, b in enumerate(buckets)],
        rolls=[RollMatrix(dt.date(2026, 10, 31), AS_OF, {"current": {"current": 700, "M1": 90}})],
        recovery=Recovery(
            90,
            9_000_000,
            1_000_000,
            1_100_000,
            tuple(RecoveryRow(b, 18, 1_800_000, 200_000) for b in buckets[1:]),
        ),  # fmt: skip
        promises=PromiseFigures(80, 20, 5, 40, 15, 5_000_000, 2_000_000),
        agreements=AgreementFigures(12, 3_000_000, 9, 1, 2, 1),
        visits=VisitFigures(6, 120_000, 720, 900_000, 1),
        agents=[
            AgentRow(f"催收员{n:02d}", 10, 1_000_000, 100_000, 8, 2, 3, 30_000)
            for n in range(agents)
        ],
        products=[  # names of three lines: the first rows are as tall as the header
            ProductRow(f"PRODUCT-{name} {LONG}", 30, 3_000_000, 28, 2_800_000, 300_000)
            for name in "ABC"
        ],
    )


def _firsts(lang: str, agents: int) -> dict[str, tuple[str, ...]]:
    def t(msgid: str) -> str:
        return tr(msgid, lang=lang)

    rows = ("催收员00", "催收员01")[:agents] if agents else (t("None in this period."),)
    return {
        tr("Aging as of {date}", lang=lang, date="2026-11-30"): (t("Amount overdue by bucket"),),
        t("Roll rates between buckets, month end to month end"): ("2026-10-31", t("From \\ to")),
        t("Recovery rate"): (t("Bucket at start"), "M1", "M2"),
        t("Promises, agreements and visits"): (
            t("Figure"),
            t("Promises falling due in the period"),
            t("Kept (paid in full)"),
        ),
        t("By agent"): rows,
        t("By product"): (t("Product"), "PRODUCT-A", "PRODUCT-B"),
    }


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_portfolio_sections_start_with_their_first_rows(lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    intros = [tr(RECOVERY, lang=lang, date="2026-10-31")]
    for agents in range(0, 42):  # "By product" walks down a page, a row at a time
        out = io.BytesIO()
        render_portfolio(_portfolio(agents), out, lang)
        try:
            assert_headed(out.getvalue(), _firsts(lang, agents), intros)
        except AssertionError:
            render_png(out.getvalue(), screenshot_dir / "reports", f"heads-pf-{lang}-{agents}")
            raise
