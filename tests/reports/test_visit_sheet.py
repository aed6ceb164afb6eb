"""Daily visit sheet PDF, parsed back with pypdf: the agent's visits, masked IDs, the safety
contact, the CJK font embedded; an empty day and another agent's sheet."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import PermissionDenied
from app.models import User, VisitStatus
from app.queries.visits import SheetVisit, VisitSheet, day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.visit_office import (
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/shots/h1"))


@pytest.fixture
def office(db):
    build_visit_office(db)
    c1, c2 = case_nos(db)[:2]
    assert book(db, verified_visit(db, c1), start=slot(9, 30), minutes=90).saved
    assert book(db, verified_visit(db, c2), ("agent01", "agent03"), start=slot(14)).saved
    return db


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(reader: PdfReader) -> list[bool]:
    """Whether each font the pages use is embedded (the CJK font must travel with the file)."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner.get("/FontDescriptor")
            found.append(
                descriptor is not None
                and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2"))
            )
    return found


def _sheet(db, who: str, agent: str) -> VisitSheet:
    user = login(db, who)
    with db.session() as s:
        return day_sheet(s, s.get(User, user.id), agent, slot(10).date())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_sheet_lists_the_days_visits_with_masked_ids(office, lang):
    sheet = _sheet(office, "agent01", "agent01")
    assert [v.start.strftime("%H:%M") for v in sheet.visits] == ["09:30", "14:00"]
    assert sheet.visits[0].partners == ("李强",) and sheet.visits[1].partners == ("赵敏",)
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    data = buf.getvalue()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"visit_sheet_{lang}.pdf").write_bytes(data)
    text = _text(data)
    for expected in ("张伟", "欧阳明华", "110101********", "值班主管 陈静 400-800-1234", "王芳"):
        assert expected in text, expected
    assert "11010119900307123" not in text  # never the full ID number
    assert "09:30–11:00" in text and "14:00–15:00" in text
    assert "北京市朝阳区建国路1号院3单元" in text and "+86 138 1234 5678" in text
    if lang == "zh_CN":
        assert "上门日程表" in text and "安全联系人" in text and "第 1 页，共 1 页" in text
    else:
        assert "Daily visit sheet" in text and "Page 1 of 1" in text
    fonts = _fonts(PdfReader(io.BytesIO(data)))
    assert fonts and all(embedded for embedded in fonts)


def test_an_agent_prints_only_their_own_sheet_a_supervisor_any(office):
    with pytest.raises(PermissionDenied):
        _sheet(office, "agent02", "agent01")
    sheet = _sheet(office, "supervisor", "agent03")
    assert [v.borrower for v in sheet.visits] == ["欧阳明华"]


def test_an_empty_day_and_a_long_day_without_a_database():
    now = dt.datetime(2026, 12, 1, 1, tzinfo=dt.UTC)
    empty = VisitSheet("东城网点", "", "agent09", "周杰", "", dt.date(2026, 12, 1), "UTC", now, [])
    buf = io.BytesIO()
    render_visit_sheet(empty, buf, "zh_CN")
    assert "当天没有预约上门" in _text(buf.getvalue())
    start = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    visits = [
        SheetVisit(
            f"V2026-{n:06d}",
            f"C2026-{n:06d}",
            start + dt.timedelta(hours=n),
            start + dt.timedelta(hours=n, minutes=45),
            VisitStatus.BOOKED,
            f"借款人{n}",
            "110101********1234",
            "新疆维吾尔自治区乌鲁木齐市天山区解放北路 88 号 3 栋 2 单元 1201 室" * 2,
            "+8613812345678",
            1_234_567 * n,
            ("李强",),
            n % 2 == 0,
        )
        for n in range(1, 9)
    ]
    full = VisitSheet(
        "东城网点", "400-800", "agent09", "周杰", "", start.date(), "UTC", now, visits
    )
    buf = io.BytesIO()
    render_visit_sheet(full, buf, "zh_CN")
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert len(reader.pages) >= 2
    text = _text(buf.getvalue())
    assert "借款人8" in text and "98,765.36" in text and f"共 {len(reader.pages)} 页" in text
    (SHOTS / "visit_sheet_long.pdf").write_bytes(buf.getvalue())


@pytest.mark.parametrize(
    ("lang", "line", "wrong"),
    [("en", "Safety contact: 400-800", None), ("zh_CN", "安全联系人：400-800", "安全联系人:")],
)
def test_the_safety_contact_line_has_the_languages_colon(lang, line, wrong):
    """Chinese text takes a full-width colon (安全联系人：), English a colon and a space."""
    now = dt.datetime(2026, 12, 1, 1, tzinfo=dt.UTC)
    sheet = VisitSheet(
        "东城网点", "400-800", "agent09", "周杰", "", dt.date(2026, 12, 1), "UTC", now, []
    )
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    text = _text(buf.getvalue())
    assert line in text
    if wrong:
        assert wrong not in text
