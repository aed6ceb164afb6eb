"""A visit goes to the borrower's whole address: the visit's details (`visit show`) and the
day's visit sheet (parsed back with pypdf) carry the city and the state or province, not only the
line and postcode (QA15: "455 W Oak St Apt 3B, 60610")."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.models import Address, Case, Loan, User
from app.queries.visits import day_sheet
from app.visits.detail import visit_detail
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _home(db, case_no: str, **parts: str) -> None:
    with db.session() as s:
        borrower_id = s.scalar(
            select(Loan.borrower_id)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.case_no == case_no)
        )
        home = s.scalar(select(Address).where(Address.borrower_id == borrower_id))
        for name, value in parts.items():
            setattr(home, name, value)


def _sheet_and_detail(db, case_no: str, lang: str, keep=None) -> tuple[str, str]:
    visit_no = verified_visit(db, case_no)
    assert book(db, visit_no, start=slot(9, 30), minutes=90).saved
    user = login(db, "agent01")
    with db.session() as s:
        actor = s.get(User, user.id)
        detail = visit_detail(s, actor, visit_no)
        sheet = day_sheet(s, actor, "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    if keep is not None:
        keep.write_bytes(buf.getvalue())
    pages = PdfReader(io.BytesIO(buf.getvalue())).pages
    return detail.address, "\n".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_chinese_visit_goes_to_the_province_and_city(office, lang):
    case_no = case_nos(office)[0]
    _home(
        office,
        case_no,
        line="朝阳区建国路1号院3单元",
        city="北京市",
        province="北京市",
        postcode="100020",
    )
    address, text = _sheet_and_detail(office, case_no, lang)
    assert address == "北京市朝阳区建国路1号院3单元 100020"
    assert address in text


def test_a_us_visit_goes_to_the_city_state_and_zip(office, screenshot_dir):
    with office.session() as s:
        select_jurisdiction(s, s.scalar(select(User).where(User.username == "admin")), "us")
    case_no = case_nos(office)[0]
    _home(
        office, case_no, line="455 W Oak St Apt 3B", city="Chicago", province="IL", postcode="60610"
    )
    address, text = _sheet_and_detail(
        office, case_no, "en", screenshot_dir / "address-us-sheet.pdf"
    )
    assert address == "455 W Oak St Apt 3B, Chicago, IL 60610"
    assert "Chicago, IL 60610" in text
