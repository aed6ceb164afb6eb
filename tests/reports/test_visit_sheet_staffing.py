"""The visit sheet's safety box follows the rule set in force: "Always two agents" where it
needs two (CN's visit_staffing), and what a lone agent does where one may go (US, UK)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.models import User
from app.queries.visits import day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/shots/h1"))
TWO = {"en": "Always two agents", "zh_CN": "始终两名催收员同行"}
ALONE = {
    "en": "If you go alone, tell the safety contact when you arrive and when you leave",
    "zh_CN": "单人上门时，到达和离开时都要告知安全联系人",
}


def _flat(data: bytes) -> str:
    """The PDF's text without line breaks (the box wraps where it will)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split()).replace("\n", "")


def _sheet_pdf(db, lang: str, name: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    user = login(db, "agent01")
    with db.session() as s:
        sheet = day_sheet(s, s.get(User, user.id), "agent01", slot(10).date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"visit_sheet_{name}_{lang}.pdf"
    path.write_bytes(buf.getvalue())
    return sheet.agents_needed, _flat(buf.getvalue())


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    build_visit_office(db)
    assert book(db, verified_visit(db, case_nos(db)[0]), start=slot(9, 30), minutes=90).saved
    return db


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_cn_sheet_says_always_two_agents(office, lang) -> None:  # type: ignore[no-untyped-def]
    needed, text = _sheet_pdf(office, lang, "cn")
    assert needed == 2
    assert TWO[lang].replace(" ", "") in text.replace(" ", "")
    assert ALONE[lang].replace(" ", "") not in text.replace(" ", "")


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_us_or_uk_sheet_tells_a_lone_agent_what_to_do(office, lang, jurisdiction) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, jurisdiction)
    needed, text = _sheet_pdf(office, lang, jurisdiction)
    assert needed == 1
    assert TWO[lang].replace(" ", "") not in text.replace(" ", "")
    assert ALONE[lang].replace(" ", "") in text.replace(" ", "")
    # Check-in and check-out and the safety contact are still said.
    assert ("Check in on arrival" in text) if lang == "en" else ("到达时签到" in text)
    assert ("Safety contact" in text) if lang == "en" else ("安全联系人" in text)
