"""The roster's agent table keeps each course's name on one line when the page has room for all
of them (QA, thirty-fourth session: in Chinese "法律合规（含民法典与个人信息保护）" wrapped and
left "护）" alone on a second line), and shares the page evenly when it has not."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import select

from app.models import User
from app.training.roster import roster_data
from reports import roster as roster_pdf
from tests.reports.test_roster import AS_OF
from tests.reports.test_roster import office as office  # two agents, the four default courses


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_each_course_name_heads_its_column_on_one_line(office, lang) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        roster = roster_data(s, admin, AS_OF, lang)
    buf = io.BytesIO()
    roster_pdf.render_roster(roster, buf, lang)
    lines = [line.strip() for line in PdfReader(buf).pages[0].extract_text().splitlines()]
    names = [c.name for c in roster.courses]
    assert any(len(n) > 12 for n in names), "the test needs a long course name"
    for name in names:
        assert any(name in line for line in lines), f"{name!r} is cut over two lines"


def test_names_too_long_for_the_page_share_it_evenly() -> None:
    room = 200 * mm
    assert roster_pdf.course_widths(["法律合规" * 12, "沟通技巧" * 12], room) == [
        room / 2,
        room / 2,
    ]
    widths = roster_pdf.course_widths(["沟通技巧", "法律合规（含民法典与个人信息保护）"], room)
    assert sum(widths) == pytest.approx(room) and widths[1] > widths[0]
    assert roster_pdf.course_widths([], room) == []
