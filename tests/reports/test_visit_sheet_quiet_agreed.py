"""The daily visit sheet says when a visit's early or late time (quiet hours) was agreed by the
borrower: who, when and how, as the visit's details do. QA: the team at the door at 07:30 had
nothing in hand to show the time was asked for. Times explicit, in Shanghai, whatever the hour
the tests run at."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from app.queries.visits import day_sheet
from app.visits.quiet_consent import QuietAgreement
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import (
    QUIET_AGREED_AT,
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)

AGREED_AT = QUIET_AGREED_AT


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _sheet_text(office, day: dt.date, lang: str) -> str:
    with office.session() as s:
        sheet = day_sheet(s, login(office, "agent01"), "agent01", day)
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    return "".join(text.split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Early or late time agreed张伟, {when}: 电话中本人要求上班前上门"),
        ("zh_CN", "已同意清晨或夜间时间张伟，{when}：电话中本人要求上班前上门"),
    ],
)
def test_an_agreed_early_time_says_so_on_the_sheet(office, lang, said) -> None:
    cases = case_nos(office)
    agreed = verified_visit(office, cases[0])
    agreement = QuietAgreement("张伟", AGREED_AT, "电话中本人要求上班前上门")
    assert book(office, agreed, start=slot(7, 30), quiet_agreement=agreement).saved
    daytime = verified_visit(office, cases[1])
    assert book(office, daytime, start=slot(14)).saved
    text = _sheet_text(office, slot(7, 30).date(), lang)
    when = f"{AGREED_AT.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    assert "".join(said.format(when=when).split()) in text
    # Once, for the visit at 07:30 only: the one in the afternoon needed no agreement.
    label = "Earlyorlatetimeagreed" if lang == "en" else "已同意清晨或夜间时间"
    assert text.count(label) == 1
