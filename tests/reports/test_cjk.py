"""Chinese lines in the PDFs: none starts with a closing mark and none ends with an opening one
(ReportLab's own wrapping hangs one closing mark, then starts the next line with a second)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import Paragraph as ReportLabParagraph
from reportlab.platypus import SimpleDocTemplate, Table

from reports.base import styles
from reports.cjk import Paragraph

TEXT = (
    "借款人当地时间不得联系或上门（借款人同意的除外）。后面还有更多的文字内容在这里继续写下去"
    "（见上）。再来一句话，“引号里的话”。最后一句（括号）。"
)
WIDTHS = range(30, 320)


def lines(cls: type, width: float) -> list[str]:
    para = cls(TEXT, styles()["cell"])
    para.wrap(width, 10_000)
    return ["".join(words) for _space, words in para.blPara.lines]


def bad(found: list[str]) -> bool:
    starts = any(line[:1] in ALL_CANNOT_START for line in found[1:])
    ends = any(line[-1:] in ALL_CANNOT_END for line in found[:-1])
    return starts or ends


def test_reportlab_alone_leaves_marks_at_the_wrong_ends() -> None:
    assert any(bad(lines(ReportLabParagraph, w)) for w in WIDTHS)


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() -> None:
    for width in WIDTHS:
        found = lines(Paragraph, width)
        assert "".join(found) == TEXT, width  # nothing lost or repeated
        assert not bad(found), (width, found)


def test_a_table_cell_in_the_pdf_breaks_well() -> None:
    """At a column width where ReportLab alone orphans a mark, the PDF's lines read well."""
    width = next(w for w in WIDTHS if bad(lines(ReportLabParagraph, w)))
    out = io.BytesIO()
    cell = Paragraph(TEXT, styles()["cell"])
    table = Table([[cell]], colWidths=[width + 12])  # ReportLab's 6 pt padding either side
    SimpleDocTemplate(out).build([table])
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    found = [line for line in text.splitlines() if line]
    assert "".join(found) == TEXT
    assert len(found) > 1 and not bad(found), found


def test_english_in_a_cjk_style_wraps_at_spaces() -> None:
    """Found by QA: the roster's English course headers broke inside words ("Communica / tion",
    "consum / er"); CJK wrapping breaks anywhere. Text without Chinese wraps at spaces, and a word
    wider than the column is still split rather than spilling out of it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = styles()["cell"]
    assert style.wordWrap == "CJK"
    text = "Legal compliance (Civil Code, personal information protection)"
    widest = stringWidth("information", style.fontName, style.fontSize)
    for width in range(int(widest) + 1, 200, 7):
        para = Paragraph(text, style)
        para.wrap(width, 10_000)
        found = [" ".join(line[1]) for line in para.blPara.lines]
        assert " ".join(found) == text, width
        assert all(set(line.split()) <= set(text.split()) for line in found), (width, found)
    long = Paragraph("Communication", style)
    long.wrap(stringWidth("Communica", style.fontName, style.fontSize), 10_000)
    assert len(long.blPara.lines) == 2  # split, not spilled
    chinese = Paragraph("法律合规（含民法典与个人信息保护）", style)
    assert chinese.style.wordWrap == "CJK"
