"""The visit sheet's phone line when there is no number to call ahead on: a borrower whose every
number a contact found wrong says so, and how many, without the numbers; one with no number on
file says that. Found at a month-end walk: both printed "—", which read as "no number on file"."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select

from app.borrower_phones import add_phone
from app.contacts import log_contact
from app.models import Borrower, Phone, User
from app.queries.visits import day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import (
    PEOPLE,
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)
from tests.office_day import office_today

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/visits-shots"))
HOME = "+8613700001111"  # the first borrower's second number


def _call(db, case_no: str, number: str, outcome: str, hour: int) -> None:  # type: ignore[no-untyped-def]
    """agent01's call on `number` yesterday at `hour` (Shanghai), inside the allowed hours."""
    at = dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(hour), SHANGHAI)
    user = login(db, "agent01")
    with db.session(write_lock=True) as s:
        result = log_contact(
            s,
            s.get(User, user.id),
            case_no,
            channel="call",
            party="borrower",
            at=at,
            outcome=outcome,
            phone_number=number,
        )
        assert result.saved, result.verdict


@pytest.fixture
def office(db):
    """Two visits on the day: the first borrower's two numbers both found wrong, the second
    borrower with no number on file (imported without one)."""
    build_visit_office(db)
    c1, c2 = case_nos(db)[:2]
    assert book(db, verified_visit(db, c1), start=slot(9, 30)).saved
    assert book(db, verified_visit(db, c2), start=slot(14)).saved
    agent = login(db, "agent01")
    with db.session(write_lock=True) as s:
        add_phone(s, s.get(User, agent.id), "B00001", HOME, kind="home")
    _call(db, c1, PEOPLE[0][2], "wrong_number", 10)
    _call(db, c1, HOME, "invalid_number", 11)
    with db.session() as s:
        second = s.scalar(select(Borrower.id).where(Borrower.borrower_no == "B00002"))
        s.execute(delete(Phone).where(Phone.borrower_id == second))
        first = s.scalar(select(Borrower.id).where(Borrower.borrower_no == "B00001"))
        assert not any(s.scalars(select(Phone.valid).where(Phone.borrower_id == first)))
    return db


@pytest.mark.parametrize(
    ("lang", "wrong", "none"),
    [
        ("en", "No valid number (2 found wrong or not in service)", "No number on file"),
        ("zh_CN", "无有效号码（2 个经联系发现为错号或空号）", "无登记号码"),
    ],
)
def test_no_valid_number_and_no_number_on_file_read_apart(office, lang, wrong, none):
    user = login(office, "supervisor")
    with office.session() as s:
        sheet = day_sheet(s, s.get(User, user.id), "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"visit_sheet_phones_{lang}.pdf").write_bytes(buf.getvalue())
    flat = "".join("".join(page.extract_text() for page in PdfReader(buf).pages).split())
    assert "".join(wrong.split()) in flat and "".join(none.split()) in flat
    assert flat.index("".join(wrong.split())) < flat.index("".join(none.split()))  # 09:30 first
    for number in (PEOPLE[0][2], HOME):  # neither number, in full or masked
        assert number[3:] not in flat and f"****{number[-4:]}" not in flat
    assert "—" not in flat  # no bare dash for a phone (nor for anything else on these two)
    assert [(v.phone, v.phones_not_valid) for v in sheet.visits] == [("", 2), ("", 0)]
