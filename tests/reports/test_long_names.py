"""Long names in narrow columns, found by QA with extreme data: a 40-character English name with a
hyphenated surname printed "Alexander Montgom / ery-Smithson" in the compliance report's agent
columns; it breaks after the hyphen ("Montgomery- / Smithson"), and a word with no hyphen, a
date or a case number too wide for its line is still split rather than spilled."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.base import FONT, PageInfo, build_pdf, frame_width, styles
from reports.cjk import Paragraph
from reports.kit import text_chunks
from tests.reports.pdfcheck import read

NAME = "Bartholomew Alexander Montgomery-Smithson"  # 41 characters
CELL = styles()["cell"]


def _lines(text: str, width: float) -> list[str]:
    para = Paragraph(text, CELL)
    para.wrap(width, 10_000)
    return [" ".join(words) for _space, words in para.blPara.lines]


def test_a_hyphenated_surname_breaks_after_its_hyphen() -> None:
    wide = stringWidth("Montgomery-Smithson", FONT, CELL.fontSize)
    for width in range(int(stringWidth("Montgomery-", FONT, CELL.fontSize)) + 1, int(wide)):
        found = _lines(NAME, width)
        assert found[-2:] == ["Montgomery-", "Smithson"], (width, found)
    assert _lines(NAME, wide + 1)[-1] == "Montgomery-Smithson"  # whole where it fits


def test_words_without_a_hyphen_of_letters_are_still_split_to_fit() -> None:
    for text in ("Montgomerysmithsonian", "C2026-000123C2026-000123", "2026-06-18/2031-12-15"):
        found = _lines(text, 40)
        assert len(found) > 1 and "".join(found) == text, found
        assert all(stringWidth(line, FONT, CELL.fontSize) <= 40 + 0.01 for line in found)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_name_reads_whole_in_a_narrow_column_of_a_pdf(paper: str) -> None:
    # The agent columns a little narrower than the surname (3 pt padding each side), as the
    # compliance report's overrides table's were on US Letter.
    narrow = stringWidth("Montgomery-Smithson", FONT, CELL.fontSize) + 6 - 4
    rest = (frame_width(paper, wide=True) - 2 * narrow) / 5
    widths = [rest, rest, rest, narrow, rest, narrow, rest]
    rows = [
        ["2026-11-05 20:33", f"C2026-{n:06d}", "Call", NAME, "quiet_hours", NAME, "借款人同意" * 20]
        for n in range(80)
    ]
    out = io.BytesIO()
    info = PageInfo("Names", "测试营业部", "kit", dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    build_pdf(
        out,
        text_chunks(["When", "Case", "Action", "Agent", "Rules", "By", "Reason"], rows, widths),
        info,
        wide=True,
        paper=paper,
    )
    text = "\n".join(page.extract_text() for page in read(out.getvalue()).pages)
    assert text.count("Montgomery-\nSmithson") == 2 * len(rows)
    assert "Montgom\n" not in text and "Montgomery-Smithson" not in text
