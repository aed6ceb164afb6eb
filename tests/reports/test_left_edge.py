"""The agreement's and the visit sheet's tables start at the left margin under their headings, on
US Letter as on A4: Letter is 6 mm wider between the margins than their 180 mm tables, which
ReportLab centred, 3 mm in from the headings' left edge (parsed back: the x of a cell's text)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from app.models import AgreementStatus, User
from app.queries.visits import day_sheet
from reports.agreement import render_agreement
from reports.base import MARGIN
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit
from tests.reports.pdfcheck import text_spans
from tests.reports.test_agreement_pdf import _doc

CELL_PADDING = 6  # ReportLab's, left of a cell's text


def _starts(data: bytes, prefix: str) -> list[float]:
    """The x of each piece of text on the first page that starts with `prefix`."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    return [x for x, _end, text in text_spans(page) if text.strip().startswith(prefix)]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_agreements_tables_start_at_the_left_margin(paper: str) -> None:
    out = io.BytesIO()
    render_agreement(_doc(AgreementStatus.DRAFT, 40, paper=paper), out)
    for label in ("甲方", "借款合同", "编号"):  # the parties, the loan, the plan
        found = _starts(out.getvalue(), label)
        assert found, label
        assert found[0] == pytest.approx(MARGIN + CELL_PADDING, abs=0.5), (label, found)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_visit_sheets_boxes_start_at_the_left_margin(db, paper: str) -> None:
    build_visit_office(db)
    assert book(db, verified_visit(db, case_nos(db)[0]), start=slot(9, 30), minutes=90).saved
    user = login(db, "agent01")
    with db.session() as s:
        sheet = day_sheet(s, s.get(User, user.id), "agent01", slot(10).date())
    out = io.BytesIO()
    render_visit_sheet(dataclasses.replace(sheet, paper=paper), out, "en")
    for label in ("Safety contact", "Borrower"):
        found = _starts(out.getvalue(), label)
        assert found, label
        assert found[0] == pytest.approx(MARGIN + CELL_PADDING, abs=0.5), (label, found)
