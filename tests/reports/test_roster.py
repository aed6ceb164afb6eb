"""Training roster PDF, parsed back with pypdf; the CJK font must be embedded; counts are
right-aligned and Chinese cells use full-width punctuation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from sqlalchemy import select

from app.auth import add_user
from app.errors import PermissionDenied
from app.models import User
from app.office import create_office
from app.training import record_training
from app.training.records import find_course
from app.training.roster import roster_data
from reports.base import table_chunks
from reports.roster import render_roster

AS_OF = dt.date(2026, 11, 28)
HIRED = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="惠普金融 · 示范营业部", admin_username="admin", admin_password="pw-admin"
        )
        a1 = add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
        a2 = add_user(s, admin, "agent02", "agent", "pw-agent", "李强")
        for agent in (a1, a2):  # on the staff by AS_OF: a roster as of a day lists its staff
            agent.created_at = HIRED
        for code in ("COMM", "NEGO", "LAW", "SAFE"):
            record_training(
                s,
                admin,
                a1,
                find_course(s, code),
                taken_on=dt.date(2026, 1, 10),
                score=91,
                today=AS_OF,
            )
    return db


def _render(db, lang):
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        roster = roster_data(s, admin, AS_OF, lang)
    buf = io.BytesIO()
    render_roster(roster, buf, lang)
    return PdfReader(io.BytesIO(buf.getvalue()))


def _fonts(reader):
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((font["/BaseFont"], embedded))
    return found


@pytest.mark.parametrize(
    "lang,title,status", [("en", "Training roster", "Missing"), ("zh_CN", "培训花名册", "缺失")]
)
def test_roster_content(office, lang, title, status):
    reader = _render(office, lang)
    text = "".join(p.extract_text() for p in reader.pages)
    assert title in text and "惠普金融" in text
    assert "王芳" in text and "李强" in text and "agent01" in text
    assert "2027-01-09" in text  # 12-month validity: last valid day
    assert status in text  # agent02 never trained
    fonts = _fonts(reader)
    assert fonts and all(embedded for _, embedded in fonts)


def test_roster_needs_a_supervisor(office):
    with pytest.raises(PermissionDenied), office.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        roster_data(s, agent, AS_OF)


@pytest.mark.parametrize(("lang", "score"), [("en", "91 (pass)"), ("zh_CN", "91（通过）")])
def test_a_score_reads_in_the_rosters_language(office, lang, score):
    """The result beside a score is in brackets of the language: full-width in Chinese."""
    text = "".join(p.extract_text() for p in _render(office, lang).pages)
    assert score in text
    if lang == "zh_CN":
        assert "91 (" not in text


def test_counts_in_a_paragraph_table_are_right_aligned():
    """The roster's summary (Valid, Expiring, Lapsed, Missing) counts right-aligned, header and
    all, with thousands separators, as every other report's counts; text stays left."""
    rows = [["Communication", "Phone work", 3, 0, 1, 1234], ["<b>Overall</b>", "", 2, 1, 0, 0]]
    (table,) = table_chunks(
        ["Course", "Required for", "Valid", "Expiring", "Lapsed", "Missing"],
        rows,
        [60 * mm, 40 * mm] + [25 * mm] * 4,
    )
    for row in table._cellvalues:
        assert [cell.style.alignment for cell in row] == [TA_LEFT] * 2 + [TA_RIGHT] * 4
    assert table._cellvalues[1][5].text == "1,234"
