"""The daily visit sheet says a visit is at the borrower's workplace, on the visit's heading and in
the consent row: the rules at the door differ there (QA13: the sheet read as a home visit)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.queries.visits import day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


def _sheet_text(db, lang: str) -> tuple[bool, str]:
    with db.session() as s:
        sheet = day_sheet(s, login(db, "agent01"), "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    (visit,) = sheet.visits
    return visit.at_workplace, "".join(text.split())


@pytest.mark.parametrize(
    ("lang", "place", "consent", "home_consent"),
    [
        ("en", "At the borrower's workplace", "yes — to enter the borrower's workplace", "yes"),
        ("zh_CN", "在借款人工作单位", "是——同意进入借款人工作单位", "是"),
    ],
)
@pytest.mark.parametrize("at_work", [True, False])
def test_a_workplace_visit_says_so_on_the_sheet(db, lang, place, consent, home_consent, at_work):
    build_visit_office(db)
    visit_no = verified_visit(db, case_nos(db)[0])
    assert book(db, visit_no, start=slot(10), at_workplace=at_work).saved
    flag, text = _sheet_text(db, lang)
    assert flag is at_work
    squeezed = "".join(place.split())
    if at_work:
        assert squeezed in text and "".join(consent.split()) in text
    else:
        assert squeezed not in text and "".join(consent.split()) not in text
