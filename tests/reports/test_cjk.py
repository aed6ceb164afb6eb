"""Chinese lines in the PDFs: none starts with a closing mark and none ends with an opening one
(ReportLab's own wrapping hangs one closing mark, then starts the next line with a second)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as ReportLabParagraph
from reportlab.platypus import SimpleDocTemplate, Table

from reports.base import styles
from reports.cjk import Paragraph

TEXT = (
    "借款人当地时间不得联系或上门（借款人同意的除外）。后面还有更多的文字内容在这里继续写下去"
    "（见上）。再来一句话，“引号里的话”。最后一句（括号）。"
)
WIDTHS = range(30, 320)
# Chinese point marks and closing quotes, which ReportLab's (Japanese) list lacks: none may start
# a line either (GB/T 15834).
CLOSING = ALL_CANNOT_START + "，；：！？》〉｝”’"


def lines(cls: type, width: float) -> list[str]:
    para = cls(TEXT, styles()["cell"])
    para.wrap(width, 10_000)
    return ["".join(words) for _space, words in para.blPara.lines]


def bad(found: list[str]) -> bool:
    starts = any(line[:1] in CLOSING for line in found[1:])
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


def overruns(cls: type, text: str, width: float) -> list[str]:
    """The lines wider than `width`: ReportLab hangs a closing mark past the line's end."""
    para = cls(text, styles()["cell"])
    para.wrap(width, 10_000)
    found = ["".join(words) for _space, words in para.blPara.lines]
    return [line for line in found if stringWidth(line, para.style.fontName, 8) > width + 0.01]


def test_no_line_runs_past_its_width() -> None:
    """Found by QA: an override reason ending in "。" one character too long for its 79 mm column
    hung the mark over the cell's border; the character before it now goes down with it."""
    reason = "借款人本月两次失联，案件临近诉讼，主管同意联系亲属转告。"
    column = 79 * mm - 6  # the compliance report's Reason column, 3 pt padding either side
    assert overruns(ReportLabParagraph, reason, column)
    assert not overruns(Paragraph, reason, column)
    for width in WIDTHS:
        for text in (TEXT, reason):
            assert not overruns(Paragraph, text, width), width
            para = Paragraph(text, styles()["cell"])
            para.wrap(width, 10_000)
            assert "".join("".join(w) for _s, w in para.blPara.lines) == text


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


MIXED = "借款人约定 2026-06-18 还款 1,498.47 元，案件 C2026-000123 暂停。<br/>上门时段 2026-06-18"
WORDS = ("2026-06-18", "1,498.47", "C2026-000123")


def broken_lines(para: ReportLabParagraph) -> list[str]:
    """The lines of a paragraph with line breaks (ReportLab's kind 1 lines)."""
    found = para.blPara.lines
    if para.blPara.kind == 0:
        return ["".join(words) for _space, words in found]
    return ["".join(frag.text for frag in line.words) for line in found]


def test_a_date_an_amount_or_a_case_number_is_not_cut_across_two_lines() -> None:
    """ReportLab's CJK wrapping breaks anywhere: "上门时段 2026-06-1" / "8". A word of Latin letters
    and digits goes down whole, after a line break (<br/>) too; one longer than the line is
    still split."""
    cut = set()
    for width in range(60, 200):
        before = ReportLabParagraph(MIXED, styles()["cell"])
        before.wrap(width, 10_000)
        cut.add(not all(any(w in line for line in broken_lines(before)) for w in WORDS))
        para = Paragraph(MIXED, styles()["cell"])
        para.wrap(width, 10_000)
        found = broken_lines(para)
        assert "".join(found).replace(" ", "") == MIXED.replace("<br/>", "").replace(" ", "")
        for word in WORDS:
            assert sum(line.count(word) for line in found) == MIXED.count(word), (width, found)
    assert True in cut  # ReportLab alone cuts them at some of these widths
    long = Paragraph("C2026-000123C2026-000123C2026-000123", styles()["cell"])
    long.wrap(40, 10_000)
    assert len(broken_lines(long)) > 1


def test_a_line_break_is_left_where_it_is() -> None:
    """A number ending the line before a <br/> stays on it: that break is the text's own."""
    para = Paragraph("值班主管 陈静 400-800-1234<br/>Check in on arrival", styles()["cell"])
    para.wrap(300, 10_000)
    assert broken_lines(para) == ["值班主管 陈静 400-800-1234", "Check in on arrival"]


MIXED = (
    "Everything 惠普金融 · 示范营业部 holds about this borrower on 2026-12-05, given at their "
    "request (PIPL Art. 45). Not included: the work queue's internal priority, the compliance "
    "checks of the staff's work, the cost of visits and their incident reports."
)


def test_english_beside_chinese_breaks_at_the_last_space_that_fits() -> None:
    """A line broken at a space is not taken for a word cut in two: the words before the space
    stay up (a borrower's copy opened with "… PIPL Art. 45)." and a line's third left empty, as
    "Not included: the" was sent down word by word)."""
    style = styles()["body"]
    for width in range(150, 700, 7):
        para = Paragraph(MIXED, style)
        para.wrap(width, 10_000)
        found = ["".join(words) for _space, words in para.blPara.lines]
        for line, after in zip(found, found[1:], strict=False):
            first = after.split(" ")[0]
            if " " in line and first.isascii():
                # ReportLab keeps room for the space after the word too
                wider = stringWidth(f"{line} {first} ", style.fontName, style.fontSize)
                assert wider > width, (width, line, first)
