"""A borrower's copy of their data read back: the PDF (pypdf) holds the name in Chinese, the ID
number in full, every contact and payment row, the marking on every page, the embedded font; the
workbook (openpyxl) opens on the note's sheet and has one sheet per section, a row per record."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.access_copy_file import write_copy
from app.access_copy_tables import TITLES
from app.i18n import tr
from tests.core.access_copy_office import REASON, full_borrower, user
from tests.reports.pdfcheck import fonts


def _written(demo_db, tmp_path: Path, name: str, lang: str):  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        b = full_borrower(s)
        who = (b.borrower_no, b.name, b.national_id)
        sup = user(s, "supervisor")
    done = write_copy(demo_db.sessions, sup, who[0], tmp_path / name, REASON, lang)
    return done, who


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pdf_holds_every_section_and_the_id_number_in_full(
    demo_db, tmp_path: Path, lang: str
) -> None:
    from app.access_copy import gather_copy

    done, (number, name, national_id) = _written(demo_db, tmp_path, "copy.pdf", lang)
    reader = PdfReader(str(done.path))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert name in text and national_id in text and REASON in text
    assert all(("完整个人信息" if lang == "zh_CN" else "full personal data") in p for p in pages)
    for key in TITLES:
        assert tr(TITLES[key], lang) in text, key
    with demo_db.session() as s:
        copy = gather_copy(s, user(s, "supervisor"), number, lang)
    assert len(copy.contacts) == done.rows["contacts"] >= 1
    assert text.count(copy.contacts[0].case_no) >= len(copy.contacts)
    for contact in copy.contacts:
        assert contact.at in text
    for payment in copy.payments:
        assert payment.reference in text
    assert fonts(reader) and all(embedded for _name, embedded in fonts(reader))


def test_the_workbook_has_a_sheet_per_section_and_is_marked(demo_db, tmp_path: Path) -> None:
    done, (_number, name, national_id) = _written(demo_db, tmp_path, "copy.xlsx", "zh_CN")
    book = load_workbook(done.path)
    first = book.worksheets[0]
    assert "含完整个人信息" in str(first["A1"].value) and REASON in str(first["A1"].value)
    sheets = book.worksheets[1:]
    assert [s.title for s in sheets] == [tr(t, "zh_CN")[:31] for t in TITLES.values()]
    for sheet, key in zip(sheets, TITLES, strict=True):
        assert sheet.max_row - 1 == done.rows[key] or (done.rows[key] == 0 and sheet.max_row == 1)
        assert "含完整个人信息" in sheet.oddHeader.center.text
    identity = {row[0]: row[1] for row in sheets[0].iter_rows(min_row=2, values_only=True)}
    assert identity["姓名"] == name and identity["身份证号"] == national_id
