"""The daily visit sheet and `visit show` mark the end of a visit across midnight as the next
day's (QA13: "23:30–01:00" read as one day)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from app.queries.visits import day_sheet, office_zone
from app.visits.detail import booking_lines, visit_detail
from reports.visit_sheet import render_visit_sheet
from tests.core.test_visit_quiet_agreed import AGREED
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit

SPAN = {"en": "23:30–01:00 (+1 day)", "zh_CN": "23:30–次日 01:00"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_visit_across_midnight_ends_the_next_day(db, lang) -> None:
    build_visit_office(db)
    visit_no = verified_visit(db, case_nos(db)[0])
    result = book(db, visit_no, start=slot(23, 30), minutes=90, quiet_agreement=AGREED)
    assert result.saved, result.verdict
    with db.session() as s:
        sheet = day_sheet(s, login(db, "agent01"), "agent01", slot(10).date())
        detail = visit_detail(s, login(db, "agent01"), visit_no)
        lines = dict(booking_lines(detail, office_zone(s), lang))
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    assert "".join(SPAN[lang].split()) in "".join(text.split())
    day = slot(10).date().isoformat()
    assert f"{day} {SPAN[lang]}" in lines.values()
    assert dt.timedelta(minutes=90) == sheet.visits[0].end - sheet.visits[0].start
