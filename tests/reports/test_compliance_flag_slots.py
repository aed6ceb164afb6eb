"""The compliance report's overrides and blocked rows of a visit's booking or move give, under
the time each was recorded, the slot it chose or asked for: an override of a booking at 10:00 that
was later moved to 14:00 says 10:00, a refused booking or move says which time was refused. QA:
the override rows gave the visit's date as it is now, and the blocked rows no time at all."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest

from app.i18n import tr
from app.models import User
from app.reporting import compliance_report
from reports.compliance_report import render_compliance_report
from tests.core.flag_slots import WHY_BOOK, WHY_MOVE, build_flag_slots, chosen
from tests.core.visit_office import login
from tests.office_day import office_today
from tests.reports.pdfcheck import pages_text, read, render_png

CHOSEN_NOTE = (
    "A visit's booking or move gives the slot it chose under the time it was recorded; the Visits "
    "section counts each visit by its own date, which a later move may have changed."
)
REFUSED_NOTE = (
    "A refused visit booking or move gives the slot it asked for under the time it was refused."
)


def _visit_line(hour: int, minute: int, lang: str) -> str:
    start, end = chosen(hour, minute)
    return tr("visit {slot}", lang, slot=f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}")


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_overrides_and_blocks_give_the_slot_each_chose(db, lang, paper, screenshot_dir) -> None:
    """On US Letter too, whose columns are narrower than A4's: the Chinese slot's day stays on
    one line ("上门时段 2026-06-1" / "8" in the overrides' When column)."""
    build_flag_slots(db)
    boss = login(db, "supervisor")
    today = office_today()
    with db.session() as s:
        report = compliance_report(s, s.get(User, boss.id), today, today, lang=lang)
    assert len(report.overrides) == 2 and len(report.blocked) == 2
    report = dataclasses.replace(report, header=dataclasses.replace(report.header, paper=paper))
    out = io.BytesIO()
    render_compliance_report(report, out, lang)
    data = out.getvalue()
    lines = [line.strip() for text in pages_text(read(data)) for line in text.split("\n")]
    whole = re.sub(r"\s+", " ", "\n".join(pages_text(read(data))))
    for hour in ((10, 0), (14, 0), (14, 30), (14, 15)):
        assert _visit_line(*hour, lang) in whole, (hour, whole)
        day = _visit_line(*hour, lang).rsplit(" ", 1)[0]  # "visit 2026-06-18", the hours below
        assert any(day in line for line in lines), (day, lines)
    assert whole.count(_visit_line(14, 0, lang)) == 1  # the booking's row says 10:00, not 14:00
    assert tr(CHOSEN_NOTE, lang) in whole and tr(REFUSED_NOTE, lang) in whole
    assert WHY_BOOK in whole and WHY_MOVE in whole
    for png in render_png(data, screenshot_dir, f"flag-slots-{lang}-{paper}"):
        assert png.exists()
