"""The period reports' fast tables (reports/kit.py text_chunks): text that fits stays a plain
string, text that does not wraps inside its column, markup characters are printed as typed,
line breaks start new lines; a complaint with a long outcome renders in full (PDF parsed back);
a bar chart's value axis has whole, distinct ticks; a small rate is not printed as 0.0%."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from reportlab.graphics.shapes import Group, String
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.reporting.compliance import ComplianceReport
from app.reporting.compliance_more import ComplaintRow
from app.reporting.period import Header, Period
from reports.base import PageInfo, build_pdf
from reports.compliance_report import render_compliance_report
from reports.kit import bar_chart, cell, fits, pct, text_chunks
from tests.reports.pdfcheck import fonts, pages_text, read, render_png

LONG = (
    "借款人称已与家人商量分期还款 & 要求 <暂停> 上门；"
    "the borrower asked for a written plan before any further visit, and for calls after 18:00"
)


def test_a_cell_stays_plain_text_when_it_fits_and_wraps_when_it_does_not() -> None:
    assert cell("C2026-000123", 30 * mm) == "C2026-000123"
    assert cell(12345, 30 * mm) == "12,345"  # a count, with thousands separators
    assert cell(None, 30 * mm) == ""
    assert cell("2026-11-03\npast the deadline", 30 * mm) == "2026-11-03\npast the deadline"
    assert fits("王芳", 10 * mm) and not fits(LONG, 50 * mm)
    wrapped = cell(LONG, 50 * mm)
    assert isinstance(wrapped, Paragraph)
    assert "&amp;" in wrapped.text and "&lt;暂停&gt;" in wrapped.text  # printed, not parsed


def test_a_table_of_plain_text_prints_every_value(screenshot_dir) -> None:
    rows = [[f"C2026-{i:06d}", "王芳", "a < b & c" if i == 7 else "ok", LONG] for i in range(95)]
    tables = text_chunks(
        ["Case", "Agent", "Note", "Outcome"], rows, [35 * mm, 25 * mm, 30 * mm, 80 * mm]
    )
    # The header and rows 0-1 (kept with a heading), 40 rows a table, the last rows 92-94 together.
    assert len(tables) == 5
    out = io.BytesIO()
    info = PageInfo("Table", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    build_pdf(out, tables, info, wide=True)
    reader = read(out.getvalue())
    text = "\n".join(pages_text(reader)).replace("\n", "")
    assert "a < b & c" in text
    for i in (0, 47, 94):
        assert f"C2026-{i:06d}" in text
    assert "before any further visit" in text.replace("  ", " ")
    assert all(embedded for _name, embedded in fonts(reader))
    render_png(out.getvalue(), screenshot_dir / "reports", "kit-table")


@pytest.mark.parametrize("offset", [0, 150, 330, 470])
def test_a_long_table_has_its_header_once_at_the_top_of_each_page(
    offset: int, screenshot_dir
) -> None:
    """The 40-row pieces of a long table join up: a piece that follows the one before it on the
    same page has no header row of its own; one that starts a page has it."""
    rows = [[f"C2026-{i:06d}", 1000 + i, "王芳"] for i in range(130)]
    story = [Spacer(1, offset), *text_chunks(["HEADCASE", "Amount", "Agent"], rows, [50 * mm] * 3)]
    out = io.BytesIO()
    info = PageInfo("Table", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    build_pdf(out, story, info, wide=True)
    pages = pages_text(read(out.getvalue()))
    assert len(pages) >= 3
    with_rows = 0
    for number, text in enumerate(pages, start=1):
        at = [text.find(f"C2026-{i:06d}") for i in range(130)]
        if max(at) < 0:
            continue  # the spacer left no room on the first page
        with_rows += 1
        assert text.count("HEADCASE") == 1, (offset, number)
        assert text.find("HEADCASE") < min(a for a in at if a >= 0), (offset, number)
    assert with_rows >= 3
    seen = "\n".join(pages)
    found = [seen.find(f"C2026-{i:06d}") for i in range(130)]
    assert all(at >= 0 for at in found) and found == sorted(found)  # every row once, in order
    assert "1,129" in seen  # counts with thousands separators
    if offset == 330:
        render_png(out.getvalue(), screenshot_dir / "reports", "kit-long-table")


def test_a_long_complaint_outcome_wraps_in_the_compliance_report(screenshot_dir) -> None:
    complaint = ComplaintRow(
        "CP2026-000001",
        "C2026-000042",
        dt.date(2026, 3, 2),
        "harassment",
        "王芳",
        dt.date(2026, 3, 17),
        "resolved",
        dt.date(2026, 3, 20),
        LONG,
        True,
    )
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        complaints=[complaint],
    )
    out = io.BytesIO()
    render_compliance_report(report, out, "en")
    text = "\n".join(pages_text(read(out.getvalue())))
    flat = text.replace("\n", "")
    assert "CP2026-000001" in text and "past the deadline" in text
    assert "要求 <暂停> 上门" in flat and "for calls after 18:00" in flat
    render_png(out.getvalue(), screenshot_dir / "reports", "compliance-long-outcome")


def _value_labels(values: list[float]) -> list[str]:
    """The value axis's labels of a bar chart of `values`, bottom to top, as drawn."""
    chart = bar_chart(values, [f"{h:02d}" for h in range(len(values))], "chart").contents[0]
    chart.draw()  # sets the axes up
    found: list[String] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node)
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)
        elif hasattr(node, "draw"):  # a widget, such as a tick's Label
            walk(node.draw())

    walk(chart.valueAxis.draw())
    return [s.text for s in sorted(found, key=lambda s: s.y)]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (0, ["0", "1"]),
        (1, ["0", "1"]),  # one attempt at 16:00 read 0, 0, 0, 1, 1, 1
        (2, ["0", "1", "2"]),  # read 0, 0, 1, 2, 2
        (3, ["0", "1", "2", "3"]),
        (7, ["0", "2", "4", "6", "8"]),
        (3.5, ["0", "1", "2", "3", "4"]),  # a small amount of money, in yuan
        (1889, ["0", "500", "1,000", "1,500", "2,000"]),
        (8_026_774.51, ["0", "2,000,000", "4,000,000", "6,000,000", "8,000,000", "10,000,000"]),
    ],
)
def test_a_bar_chart_has_whole_distinct_value_ticks(top: float, expected: list[str]) -> None:
    """Counts (and money in whole units) get whole-number ticks, each label once."""
    labels = _value_labels([0] * 16 + [top] + [0] * 7)
    assert labels == expected
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (0.0, "0.0%"),
        (0.0004, "<0.1%"),  # 1 of 2,500: not none
        (0.0005, "0.1%"),
        (0.125, "12.5%"),
        (235.5 / 1000, "23.6%"),  # half up (QA13: the float 23.549999… printed 23.5%)
        (0.2354, "23.5%"),
        (0.00125, "0.1%"),
        (2.5, "250.0%"),
        (0.9996, ">99.9%"),  # 2,499 of 2,500: not all
        (1.0, "100.0%"),
        (Decimal("0.2355"), "23.6%"),  # PostgreSQL's sums come as Decimals (CI: repr broke it)
        (Decimal("0.9996"), ">99.9%"),
    ],
)
def test_a_rate_that_is_not_nil_or_whole_is_never_printed_as_if_it_were(value, shown) -> None:
    assert pct(value) == shown


def test_the_generated_stamp_names_the_reading_of_an_hour_that_comes_twice() -> None:
    """Generated at 01:30 on the night New York's clocks go back: the footer says which 01:30, as
    the window's lists do; any other time prints as before."""
    import zoneinfo

    from reportlab.platypus import Paragraph

    zone = zoneinfo.ZoneInfo("America/New_York")
    first = dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC).astimezone(zone)  # 01:30 EDT
    second = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC).astimezone(zone)  # 01:30 EST
    noon = dt.datetime(2026, 11, 1, 12, 0, tzinfo=zone)
    said = []  # (not a dict: the two 01:30s of one zone compare equal)
    for at in (first, second, noon):
        out = io.BytesIO()
        build_pdf(out, [Paragraph("x")], PageInfo("Stamp", "Office", "kit", at))
        said.append("\n".join(pages_text(read(out.getvalue()))))
    assert "Generated 2026-11-01 01:30 EDT\n" in said[0]
    assert "Generated 2026-11-01 01:30 EST\n" in said[1]
    assert "Generated 2026-11-01 12:00\n" in said[2]
