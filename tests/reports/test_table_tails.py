"""A table's last rows and the note under it stay together wherever the page ends (found by QA on
the demo office's November reports: "An attempt flagged by several rules counts under each of
them." began a page of its own, and the portfolio's last figure sat alone under a repeated
header), and a roll-rate matrix that fits at the bottom of a page stays there."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from reports.base import PageInfo, build_pdf
from reports.kit import add_note_under_table, text_chunks
from reports.portfolio_rolls import roll_tables
from tests.reports.pdfcheck import pages_text, read

INFO = PageInfo("Table", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
NOTE = "The agent with the most warnings first."


def _pages(story: list) -> list[str]:
    out = io.BytesIO()
    build_pdf(out, story, INFO, wide=True)
    return pages_text(read(out.getvalue()))


def test_last_rows_and_note_never_start_a_page_alone() -> None:
    for rows_count in (4, 5, 9):
        rows = [[f"ROW-{i:02d}", "王芳", i] for i in range(rows_count)]
        last, before = f"ROW-{rows_count - 1:02d}", f"ROW-{rows_count - 2:02d}"
        for step in range(0, 150, 2):  # the table's end walks down past the page's end
            story: list = [Spacer(1, step * mm)]
            story += text_chunks(["Case", "Agent", "Warnings"], rows, [40 * mm, 30 * mm, 20 * mm])
            add_note_under_table(story, NOTE)
            pages = _pages(story)
            with_note = [p for p in pages if NOTE in p]
            assert len(with_note) == 1, step
            assert last in with_note[0] and before in with_note[0], (rows_count, step)
            assert "".join(pages).count(last) == 1


def test_a_roll_matrix_that_fits_stays_on_its_page() -> None:
    from app.reporting.portfolio import RollMatrix

    counts = {"current": {"current": 754, "M1": 127}, "M1": {"M2": 58}}
    matrix = RollMatrix(dt.date(2026, 10, 31), dt.date(2026, 11, 30), counts)
    for step in (20, 60, 100):  # the matrix is about 40 mm tall: room on the page for it
        pages = _pages([Spacer(1, step * mm), *roll_tables([matrix], "en")])
        assert "From 2026-10-31 to 2026-11-30" in pages[0], step
        assert len(pages) == 1, step
