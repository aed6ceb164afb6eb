"""A borrower's copy of their data in a US or UK office heads the address's region as that
country does (State / County, 州 / 郡; Province, 省份, in a Chinese office) and writes the SSN or
NI number in full in its groups (512-34-7788, AB 12 34 56 C), in the PDF (read back with pypdf)
and the workbook (QA s47 Q-5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.access_copy_file import write_copy
from app.importer import import_file
from app.masking import written_id
from app.models import User
from app.office import create_office

HEAD = "borrower_no,name,id_number,phone,segment,address,city,province,postcode"
US_ROW = "512-34-7788,(212) 555-0111,young,12 Main St,Albany,NY,12207"
UK_ROW = "AB 12 34 56 C,07712 345611,young,3 London Road,Leeds,West Yorkshire,LS6 2AB"
OFFICES = {"us": ("America/New_York", "USD", US_ROW), "uk": ("Europe/London", "GBP", UK_ROW)}
# office → language → (the region's header, the ID number as written, words it must not hold)
WORDS = {
    "us": {"en": ("State", "512-34-7788", "Province"), "zh_CN": ("州", "512-34-7788", "省份")},
    "uk": {"en": ("County", "AB 12 34 56 C", "Province"), "zh_CN": ("郡", "AB 12 34 56 C", "省份")},
}


def _copy(db, tmp_path: Path, rules: str, name: str, lang: str) -> Path:  # type: ignore[no-untyped-def]
    zone, currency, row = OFFICES[rules]
    with db.session() as s:
        create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-a",
            jurisdiction=rules,
            timezone=zone,
            currency=currency,
        )
    csv = tmp_path / "b.csv"
    csv.write_text(f"{HEAD}\nB1,Ann Lee,{row}\n", encoding="utf-8")
    with db.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        report = import_file(s, admin, "borrowers", csv, today=dt.date(2026, 11, 28))
        assert report.errors == [] and report.imported
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
    reason = "Borrower's written request for a copy of their data"
    return write_copy(db.sessions, admin, "B1", tmp_path / name, reason, lang).path


@pytest.mark.parametrize("rules", sorted(OFFICES))
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pdf_names_the_region_and_writes_the_number_in_groups(db, tmp_path, rules, lang):
    header, written, wrong = WORDS[rules][lang]
    path = _copy(db, tmp_path, rules, "copy.pdf", lang)
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert written in text
    lines = text.splitlines()
    assert any(header in line.split() or line.strip().startswith(header) for line in lines)
    assert wrong not in text


@pytest.mark.parametrize("rules", sorted(OFFICES))
def test_the_workbook_names_the_region_and_writes_the_number_in_groups(db, tmp_path, rules):
    header, written, wrong = WORDS[rules]["zh_CN"]
    book = load_workbook(_copy(db, tmp_path, rules, "copy.xlsx", "zh_CN"))
    cells = [str(c) for sheet in book.worksheets for row in sheet.values for c in row if c]
    assert header in cells and written in cells and wrong not in cells


def test_an_id_number_is_written_in_its_countrys_groups() -> None:
    assert written_id("512347788") == "512-34-7788"
    assert written_id("QQ123456C") == "QQ 12 34 56 C"
    assert written_id("11010519491231002X") == "11010519491231002X"
