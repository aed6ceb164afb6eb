"""Rarer Chinese characters in a PDF: a name such as 刘䶮 (CJK Extension A) or 𬭚 (Extension E)
is drawn from the bundled fallback font (reports/fonts.py), embedded, and reads back whole; a
character no bundled font has prints as its code, never as a blank. Before, the main font drew
each as an empty box of white space and the text read back as "刘\\x00"."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from app.agreements.document import AgreementDocument
from app.models import AgreementStatus
from reports.agreement import render_agreement
from reports.base import FONT, register_fonts
from reports.fonts import EXTRA
from tests.reports.pdfcheck import fonts, render_png
from tests.reports.test_agreement_pdf import _doc

RARE = "刘䶮"  # Extension A: a name in China's 2013 table of standard characters
MORE = "𬭚𡈼鿏"  # Extension E, Extension B, the basic block's latest additions


def _agreement(doc: AgreementDocument) -> tuple[bytes, str]:
    buf = io.BytesIO()
    render_agreement(doc, buf)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    return buf.getvalue(), "\n".join(p.extract_text() for p in reader.pages)


def test_a_rare_name_prints_whole_from_the_embedded_fallback_font(screenshot_dir) -> None:
    doc = _doc(
        AgreementStatus.APPROVED,
        borrower_name=RARE,
        lender_address=f"北京市东城区{MORE}路 1 号",
    )
    data, text = _agreement(doc)
    assert RARE in text and MORE in text
    assert "\x00" not in text
    found = fonts(PdfReader(io.BytesIO(data)))
    assert any("CasedeskHanExtra" in name for name, _ in found)
    assert all(embedded for _, embedded in found), found
    render_png(data, Path(screenshot_dir), "agreement_rare_name")


def test_a_character_no_font_has_prints_as_its_code() -> None:
    doc = _doc(AgreementStatus.APPROVED, borrower_name="王\U00020000明😀")
    _data, text = _agreement(doc)
    assert "王[U+20000]明[U+1F600]" in text


def test_widths_are_the_drawing_fonts() -> None:
    register_fonts()
    extra = getFont(EXTRA)
    assert stringWidth("䶮", FONT, 10) == extra.stringWidth("䶮", 10) > 0
    both = stringWidth("刘", FONT, 10) + extra.stringWidth("䶮", 10)
    assert stringWidth("刘䶮", FONT, 10) == both
    assert stringWidth("\U00020000", FONT, 10) == stringWidth("[U+20000]", FONT, 10)


def test_the_plain_path_is_unchanged() -> None:
    """Text the main font has all of is measured and split by it alone."""
    register_fonts()
    main = getFont(FONT)
    assert main.runs("张伟 Zhang Wei 1,234.50") == [(False, "张伟 Zhang Wei 1,234.50")]
    assert main.runs("刘䶮先生") == [(False, "刘"), (True, "䶮"), (False, "先生")]
