"""A visit goes to the borrower's address with its postcode: the visit's details and the day's
visit sheet (parsed back with pypdf) print it in full; the work address too."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.models import Address, Borrower, Case, Loan, User
from app.queries.visits import day_sheet
from app.visits.detail import visit_detail
from app.visits.lifecycle import home_address, work_address
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


def _borrower_of(db, case_no: str) -> int:
    with db.sessions() as s:
        return s.scalar(
            select(Loan.borrower_id)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.case_no == case_no)
        )


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visit_sheet_prints_the_address_with_its_postcode(office, lang, screenshot_dir):
    case_no = case_nos(office)[0]
    borrower_id = _borrower_of(office, case_no)
    with office.session() as s:
        home = s.scalar(select(Address).where(Address.borrower_id == borrower_id))
        home.postcode = "100020"
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no, start=slot(9, 30), minutes=90).saved
    user = login(office, "agent01")
    with office.session() as s:
        actor = s.get(User, user.id)
        detail = visit_detail(s, actor, visit_no)
        sheet = day_sheet(s, actor, "agent01", slot(10).date())
    assert detail.address == "北京市朝阳区建国路1号院3单元 100020"
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(buf.getvalue())).pages)
    assert "北京市朝阳区建国路1号院3单元 100020" in text
    (screenshot_dir / f"qapost-visit-sheet-{lang}.pdf").write_bytes(buf.getvalue())


def test_home_and_work_addresses_carry_their_postcodes(office):
    borrower_id = _borrower_of(office, case_nos(office)[0])
    with office.session() as s:
        borrower = s.get(Borrower, borrower_id)
        borrower.addresses.append(
            Address(kind="work", line="12 Main St, New York, NY", postcode="10001-1234")
        )
    with office.sessions() as s:
        assert home_address(s, borrower_id) == "北京市朝阳区建国路1号院3单元"  # no postcode kept
        assert work_address(s, borrower_id) == "12 Main St, New York, NY, 10001-1234"
