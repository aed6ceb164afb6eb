"""The compliance report's "Daily caps" table counts its days in words that agree with the number:
"1 borrower-day", "0 number-days", "3,505 borrower-days" in English, 借款人日 / 号码日 in Chinese
(parsed back with pypdf; every page rendered to PNG for a person to look at), right-aligned as
every count is."""

from __future__ import annotations

import datetime as dt
import io
import re

from app.reporting.compliance import ComplianceReport
from app.reporting.compliance_contacts import CapRow
from app.reporting.period import Header, Period
from reports.compliance_report import _caps, render_compliance_report
from tests.reports.pdfcheck import pages_text, read, render_png


def _report() -> ComplianceReport:
    return ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 12, 1, tzinfo=dt.UTC), ("CN 2026.2",)),
        Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "Asia/Shanghai"),
        contacts=3,
        caps=[
            CapRow("daily_conversation_cap", 3, "borrower-day", 3505, 1, 3),
            CapRow("daily_attempt_cap", 6, "number-day", 1, 0, 2),
        ],
    )


def _caps_text(lang: str, screenshot_dir) -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    render_compliance_report(_report(), out, lang)
    render_png(out.getvalue(), screenshot_dir / "reports", f"compliance-caps-{lang}")
    text = " ".join(pages_text(read(out.getvalue())))
    return re.sub(r"\s+", " ", text)


def test_english_days_agree_with_their_number(screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    text = _caps_text("en", screenshot_dir)
    assert "3,505 borrower-days" in text and "1 borrower-day " in text
    assert "1 number-day " in text and "0 number-days" in text
    assert "1 borrower-days" not in text and "1 number-days" not in text


def test_no_one_in_the_english_report_stands_before_a_plural(screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    """Any "1 <noun>s" in the report is a plural that should have been singular."""
    text = _caps_text("en", screenshot_dir)
    assert not re.search(r"(?<![\d,.])1 [a-z-]+s\b", text), text


def test_chinese_days(screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    text = _caps_text("zh_CN", screenshot_dir)
    assert "3,505 借款人日" in text and "1 借款人日" in text
    assert "1 号码日" in text and "0 号码日" in text
    assert "day" not in text


def test_every_figure_of_the_caps_table_is_right_aligned() -> None:
    """The days with activity and at the cap are counts, as the limit and the most in one day
    beside them: right-aligned, headers too; the cap's name stays left."""
    from reportlab.platypus import Table

    (table,) = [f for f in _caps(_report(), "en") if isinstance(f, Table)]
    for row in table._cellStyles:
        assert [style.alignment for style in row] == ["LEFT"] + ["RIGHT"] * 4
