"""Nothing printed passes the page's margins: a table as wide as the frame (frame_width) ends at
the right margin, its text and grid too, on A4 and US Letter, upright and turned (the frame's
own 6 pt padding once pushed every full-width table that far into the right margin)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from reports.base import MARGIN, PageInfo, build_pdf, frame_width, page_size, table_chunks
from reports.kit import text_chunks
from tests.reports.pdfcheck import drawn_box, read, text_spans

ROWS = [[f"C2026-{i:06d}", "王芳 张伟 李娜", 1000 + i, "the last column's text"] for i in range(60)]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("wide", [False, True])
def test_a_full_width_table_keeps_inside_the_margins(paper: str, wide: bool) -> None:
    width = frame_width(paper, wide)
    header = ["Case", "Agent", "Amount", "Note"]
    story = [
        *text_chunks(header, ROWS, [width / 4] * 4),
        *table_chunks(header, ROWS[:5], [width * 0.2, width * 0.2, width * 0.2, width * 0.4]),
    ]
    out = io.BytesIO()
    info = PageInfo("Margins", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    build_pdf(out, story, info, wide=wide, paper=paper)
    page_width = page_size(paper, wide)[0]
    reader = read(out.getvalue())
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        left, _bottom, right, _top = drawn_box(page)  # the tables' grids, the header's rule
        assert left >= MARGIN - 0.5 and right <= page_width - MARGIN + 0.5, (number, left, right)
        spans = text_spans(page)
        assert any("C2026-" in text for *_x, text in spans)
        for start, end, text in spans:
            assert start >= MARGIN - 0.5 and end <= page_width - MARGIN + 0.5, (number, text)
    # The grid reaches the right margin: the table is as wide as the frame, not narrower.
    assert right == pytest.approx(page_width - MARGIN, abs=0.5)
