"""A table row taller than a page (reports/tall_rows.py): its text carries on in the rows after it
instead of stopping the PDF. Found by QA: a borrower's copy holding a case note of 40 short lines
ended with ReportLab's LayoutError ("Flowable … too large on page 7"), from the CLI as a Python
error and in the window as untranslated programmer's words; no copy could be made."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.units import mm
from sqlalchemy import select

from app.models import Case, Loan
from reports.base import PageInfo, build_pdf
from reports.kit import _CELLS, heading, text_chunks
from reports.tall_rows import ROW_CAP, fit_rows
from tests.reports.pdfcheck import fonts, pages_text, read, render_png

LINES = "\n".join(f"第{i}行 line {i:02d}" for i in range(1, 61))  # 60 short lines: 600 points
# One paragraph of 2,400 characters that wraps to about 100 lines in its column.
WRAPPED = "".join(f"{i:04d}借款人称已与家人商量" for i in range(200))


def _build(story: list, paper: str) -> bytes:
    out = io.BytesIO()
    info = PageInfo("Tall", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    build_pdf(out, story, info, wide=True, paper=paper)
    return out.getvalue()


@pytest.mark.parametrize(("paper", "at"), [("a4", 4), ("letter", 4), ("a4", 0), ("letter", 7)])
def test_a_note_of_sixty_lines_prints_whole_over_two_pages(
    paper: str, at: int, screenshot_dir
) -> None:
    """Among the rows, first under a heading (kept with it) and last (kept with the rows before)."""
    rows = [[f"C2026-{i:06d}", "王芳", "ok"] for i in range(8)]
    rows.insert(at, ["C2026-TALL01", "王芳", LINES])
    header = ["Case", "Agent", "Note"]
    story = [*heading("Notes"), *text_chunks(header, rows, [40 * mm, 30 * mm, 120 * mm])]
    pdf = _build(story, paper)
    reader = read(pdf)
    text = "\n".join(pages_text(reader))
    assert len(reader.pages) >= 2
    for i in range(1, 61):
        assert f"line {i:02d}" in text, i
    for i in range(8):
        assert f"C2026-{i:06d}" in text
    assert text.count("C2026-TALL01") == 1  # its other cells are not repeated
    assert all(embedded for _name, embedded in fonts(reader))
    render_png(pdf, screenshot_dir / "reports", f"tall-row-{paper}-{at}")


def test_a_long_paragraph_in_a_narrow_column_prints_whole() -> None:
    story = text_chunks(["Case", "Note"], [["C2026-000001", WRAPPED]], [30 * mm, 40 * mm])
    text = "".join(pages_text(read(_build(story, "a4")))).replace("\n", "")
    for i in range(200):
        assert f"{i:04d}借款人" in text, i


def test_rows_that_fit_are_left_as_they_are() -> None:
    rows = [["C2026-000001", "x" * 200], ["C2026-000002", "a\nb\nc"]]
    paint = [(1, 0, 1, colors.yellow)]
    assert fit_rows(rows, [30 * mm, 120 * mm], paint, _CELLS) == (rows, paint)


def test_a_painted_row_stays_painted_and_the_rows_after_a_tall_one_keep_their_paint() -> None:
    rows = [["a", "ok"], ["b", LINES], ["c", "ok"]]
    paint = [(1, 0, 0, colors.pink), (2, 1, 1, colors.yellow)]
    out, moved = fit_rows(rows, [30 * mm, 120 * mm], paint, _CELLS)
    parts = len(out) - 2
    assert parts == 2  # 600 points of text, at most ROW_CAP a row
    assert ROW_CAP < 600 <= 2 * ROW_CAP
    assert [r[0] for r in out] == ["a", "b", "", "c"]
    assert "\n".join(r[1] for r in out[1:3]) == LINES
    assert moved == [(1, 0, 0, colors.pink), (2, 0, 0, colors.pink), (3, 1, 1, colors.yellow)]


def test_a_borrowers_copy_with_a_note_of_sixty_lines_is_written(demo_db, tmp_path: Path) -> None:
    from app.access_copy_file import write_copy
    from app.case_notes import add_case_note
    from tests.core.access_copy_office import REASON, full_borrower, user

    with demo_db.session() as s:
        b = full_borrower(s)
        case_no = s.scalar(select(Case.case_no).join(Loan).where(Loan.borrower_id == b.id))
        sup = user(s, "supervisor")
        add_case_note(s, sup, case_no, LINES)
        number = b.borrower_no
    done = write_copy(demo_db.sessions, sup, number, tmp_path / "copy.pdf", REASON, "zh_CN")
    text = "\n".join(p.extract_text() for p in PdfReader(str(done.path)).pages)
    for i in range(1, 61):
        assert f"line {i:02d}" in text, i
