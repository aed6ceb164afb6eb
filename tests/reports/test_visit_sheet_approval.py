"""The daily visit sheet says when a booked visit still waits for a supervisor's approval (the
office asks for one): check-in is refused at the door until then. QA: the team printed the sheet,
drove out and was refused."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app import settings
from app.models import User
from app.queries.visits import day_sheet
from app.visits import approve_visit
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    return db


def _sheet_text(office, lang: str) -> tuple[bool, str]:
    with office.session() as s:
        sheet = day_sheet(s, login(office, "agent01"), "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    (visit,) = sheet.visits
    return visit.awaiting_approval, "".join(text.split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Not approved yet: check-in is refused until a supervisor approves visit {n}."),
        ("zh_CN", "尚未批准：主管批准上门 {n} 之前，无法签到。"),
    ],
)
def test_a_visit_waiting_for_approval_says_so_on_the_sheet(office, lang, said) -> None:
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, start=slot(10)).saved
    waiting, text = _sheet_text(office, lang)
    assert waiting and "".join(said.format(n=visit_no).split()) in text
    with office.session() as s:
        approve_visit(s, login(office, "supervisor"), visit_no, "已核实")
    waiting, text = _sheet_text(office, lang)
    assert not waiting and "".join(said.format(n=visit_no).split()) not in text
