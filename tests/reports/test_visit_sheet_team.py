"""The daily visit sheet says, under the visit's heading, when its team may not check in as
staffed now: a partner whose account was deactivated since the booking (found by QA: the sheet
still printed the partner, and one agent went alone). Rendered and parsed back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.accounts import deactivate_user
from app.queries.visits import day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _text(office, lang: str, out: Path | None = None) -> str:  # type: ignore[no-untyped-def]
    with office.session() as s:
        sheet = day_sheet(s, login(office, "agent01"), "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    if out is not None:
        out.write_bytes(buf.getvalue())
    pages = PdfReader(io.BytesIO(buf.getvalue())).pages
    return "".join("".join(p.extract_text() for p in pages).split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Visit {n} cannot start: a deactivated account is on its team (李强)."),
        ("zh_CN", "上门 {n} 不能开始：上门人员中有已停用的账户（李强）。"),
    ],
)
def test_a_partner_gone_since_the_booking_is_said_on_the_sheet(office, lang, said, tmp_path):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, ("agent01", "agent02"), start=slot(10)).saved
    wanted = "".join(said.format(n=visit_no).split())
    assert wanted not in _text(office, lang)
    with office.session() as s:
        deactivate_user(s, login(office, "admin"), "agent02")
    assert wanted in _text(office, lang, tmp_path / f"sheet_{lang}.pdf")
