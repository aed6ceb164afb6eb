"""A borrower's copy of their data cites the law of the office's rule set, in the PDF (pypdf) and
on the workbook's first sheet (openpyxl): PIPL Art. 45 in a Chinese office, UK GDPR Art. 15 in a
UK one, and no law in a US one (no federal right of access to these data: given on request)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.access_copy_file import write_copy
from app.compliance.versions import select_jurisdiction
from app.i18n import tr
from tests.core.access_copy_office import REASON, full_borrower, user

# jurisdiction → (words the copy must hold, words it must not), English and Chinese
CITES = {
    "cn": {"en": ("PIPL Art. 45", "GDPR"), "zh_CN": ("个人信息保护法》第四十五条", "GDPR")},
    "uk": {"en": ("UK GDPR Art. 15", "PIPL"), "zh_CN": ("英国GDPR第15条", "个人信息保护法")},
    "us": {"en": ("where the law of their state", "Art."), "zh_CN": ("所在州的法律", "第")},
}


def _flat(text: str) -> str:
    return "".join(text.split())


def _copy_of(demo_db, tmp_path: Path, jurisdiction: str, name: str, lang: str) -> Path:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        select_jurisdiction(s, user(s, "admin"), jurisdiction)
        number = full_borrower(s).borrower_no
        sup = user(s, "supervisor")
        s.commit()
    return write_copy(demo_db.sessions, sup, number, tmp_path / name, REASON, lang).path


def _opening(text: str, lang: str) -> str:
    """The opening paragraph: from its first words to the list of what is left out."""
    start = _flat("Everything" if lang == "en" else "所持有的该借款人全部信息")
    end = _flat("Not included" if lang == "en" else "不包括")
    flat = _flat(text)
    assert start in flat and end in flat
    return flat[flat.index(start) : flat.index(end)]


@pytest.mark.parametrize("jurisdiction", sorted(CITES))
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pdf_cites_the_offices_law(
    demo_db, tmp_path: Path, jurisdiction: str, lang: str
) -> None:
    path = _copy_of(demo_db, tmp_path, jurisdiction, "copy.pdf", lang)
    first_page = PdfReader(str(path)).pages[0].extract_text()
    cited, not_cited = CITES[jurisdiction][lang]
    words = _opening(first_page, lang)
    assert _flat(cited) in words
    assert _flat(not_cited) not in words


@pytest.mark.parametrize("jurisdiction", sorted(CITES))
def test_the_workbook_cites_the_offices_law(demo_db, tmp_path: Path, jurisdiction: str) -> None:
    path = _copy_of(demo_db, tmp_path, jurisdiction, "copy.xlsx", "zh_CN")
    first = load_workbook(path).worksheets[0]
    assert REASON in str(first["A1"].value)
    cited, not_cited = CITES[jurisdiction]["zh_CN"]
    words = _opening(str(first["A2"].value), "zh_CN")
    assert _flat(cited) in words
    assert _flat(not_cited) not in words


def test_the_workbooks_first_sheet_is_in_the_copys_language(demo_db, tmp_path: Path) -> None:
    """A Chinese copy made from an English window: its first sheet is Chinese throughout."""
    path = _copy_of(demo_db, tmp_path, "cn", "copy.xlsx", "zh_CN")
    first = load_workbook(path).worksheets[0]
    assert first.title == "个人信息"
    keep = "Keep this file safe and delete it after use; its export is in the audit log."
    assert first["A3"].value == tr(keep, "zh_CN") != keep


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
@pytest.mark.parametrize("name", ["copy.pdf", "copy.xlsx"])
def test_the_copy_is_its_owners_alone(demo_db, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A borrower's data in full: no other account on the computer reads the file (QA s42)."""
    path = _copy_of(demo_db, tmp_path, "cn", name, "en")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
