"""Every agent's visit sheets printed in one PDF number each agent's pages on their own: the
supervisor tears the print apart and hands each agent their sheet, whose footer read "Page 27 of
27" of the whole print (found by QA: an agent could not tell whether a page of theirs was
missing). Other documents number their pages 1..N of N, as before (reports/page_sections.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo

import pytest
from pypdf import PdfReader
from reportlab.platypus import PageBreak

from app.i18n import tr
from app.queries.visits import VisitSheet
from app.reporting.compliance import ComplianceReport, ThirdPartyRow
from app.reporting.period import Header, Period
from reports.base import PageInfo, build_pdf, styles
from reports.cjk import Paragraph
from reports.compliance_report import render_compliance_report
from reports.page_sections import NewSection, section_numbers
from reports.visit_sheet import render_visit_sheet, render_visit_sheets
from tests.reports.pdfcheck import render_png
from tests.reports.test_visit_sheet_every_agent import DAY, ZONE, _visit

# Four visits run to two pages, one to one, seven to three (a visit is never cut across pages).
AGENTS = (
    ("agent12", "周峰", range(1, 5)),
    ("agent13", "薛柳", range(101, 102)),
    ("agent14", "韩梅", range(201, 208)),
)


def _sheet(user: str, name: str, visits: range) -> VisitSheet:
    at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=ZONE)
    return VisitSheet("示范营业部", "值班主管 400-800-0000", user, name, "", DAY, "Asia/Shanghai",
                      at, [_visit(n) for n in visits], ("CN 2026.7",))  # fmt: skip


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _footers(texts: list[str], lang: str) -> list[tuple[int, int]]:
    """Each page's (page, of pages), read back from its footer; exactly one footer a page."""
    words = re.escape(tr("Page {page} of {pages}", lang, page="PAGE", pages="PAGES"))
    footer = re.compile(words.replace("PAGES", r"(\d+)").replace("PAGE", r"(\d+)"))
    numbers = []
    for text in texts:
        found = footer.findall(text)
        assert len(found) == 1, (found, text.splitlines()[-2:])
        numbers.append((int(found[0][0]), int(found[0][1])))
    return numbers


def _whose(text: str) -> str:
    """The agent whose visits a page lists."""
    return next(u for u, _, visits in AGENTS if any(f"V2026-{n:06d}" in text for n in visits))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_each_agents_pages_are_numbered_on_their_own(lang: str, screenshot_dir) -> None:
    out = io.BytesIO()
    render_visit_sheets([_sheet(*agent) for agent in AGENTS], out, lang)
    texts = _texts(out.getvalue())
    # Two pages, one, three: each agent's sheet from a page of its own.
    assert [_whose(text) for text in texts] == ["agent12"] * 2 + ["agent13"] + ["agent14"] * 3
    assert _footers(texts, lang) == [(1, 2), (2, 2), (1, 1), (1, 3), (2, 3), (3, 3)]
    render_png(out.getvalue(), screenshot_dir / "reports", f"visit-sheets-numbered-{lang}")


def test_one_agents_sheet_numbers_its_pages_as_before() -> None:
    out = io.BytesIO()
    render_visit_sheet(_sheet(*AGENTS[2]), out, "en")
    assert _footers(_texts(out.getvalue()), "en") == [(1, 3), (2, 3), (3, 3)]


def _document(story: list, out: io.BytesIO) -> list[tuple[int, int]]:
    info = PageInfo("Test", "示范营业部", "2026-12-03", dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    build_pdf(out, story, info)
    return _footers(_texts(out.getvalue()), "en")


def test_a_marker_starts_a_section_and_a_document_without_one_counts_the_whole() -> None:
    body = styles()["body"]
    pages = [Paragraph(f"Part {n}", body) for n in range(5)]
    plain = [flowable for p in pages for flowable in (p, PageBreak())][:-1]
    assert _document(plain, io.BytesIO()) == [(k, 5) for k in range(1, 6)]
    # Sections of 1, 3 and 1 pages; a marker on the first page, or none there, is the same.
    parted = [NewSection(), pages[0], PageBreak(), NewSection(), pages[1], PageBreak(), pages[2],
              PageBreak(), pages[3], PageBreak(), NewSection(), pages[4]]  # fmt: skip
    assert _document(parted, io.BytesIO()) == [(1, 1), (1, 3), (2, 3), (3, 3), (1, 1)]
    assert _document(parted[1:], io.BytesIO()) == [(1, 1), (1, 3), (2, 3), (3, 3), (1, 1)]
    assert section_numbers([]) == []


def test_a_compliance_report_of_several_pages_still_counts_them_all() -> None:
    start = dt.datetime(2026, 3, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    rows = [
        ThirdPartyRow(start + dt.timedelta(minutes=17 * i), f"C2026-{i:06d}", "王芳",
                      "relative", "call", "no_answer", "warning")
        for i in range(200)
    ]  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=200,
        third_party=rows,
    )
    out = io.BytesIO()
    render_compliance_report(report, out, "zh_CN")
    texts = _texts(out.getvalue())
    assert len(texts) >= 4
    assert _footers(texts, "zh_CN") == [(k, len(texts)) for k in range(1, len(texts) + 1)]
