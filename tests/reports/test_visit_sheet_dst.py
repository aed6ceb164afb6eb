"""The daily visit sheet on the night the office's clocks go back (New York 2026-11-01, London
2026-10-25): a visit in the hour that comes twice prints its time with the zone's abbreviation,
as the Visits page does ("01:30 EST – 02:30"), so the second 01:30 does not read as the first; a
time that comes once prints without one. Parsed back with pypdf, in English and Chinese."""

from __future__ import annotations

import datetime as dt
import io
import os
import zoneinfo
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.models import VisitStatus
from app.queries.visits import SheetVisit, VisitSheet, day_sheet
from app.visits.quiet_consent import QuietAgreement
from reports.visit_sheet import render_visit_sheet
from tests.core.dst_night import repeated_start
from tests.core.visit_office import (
    QUIET_AGREED_AT,
    book,
    build_visit_office,
    case_nos,
    login,
    verified_visit,
)

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/shots/h1"))
# The first 01:30 in UTC on each zone's night: the second is an hour later.
NIGHTS = {
    "America/New_York": dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),  # 01:30 EDT, then EST
    "Europe/London": dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),  # 01:30 BST, then GMT
}


def _visit(n: int, start: dt.datetime, minutes: int, zone: zoneinfo.ZoneInfo, **extra):  # type: ignore[no-untyped-def]
    end = start + dt.timedelta(minutes=minutes)
    return SheetVisit(
        f"V2026-{n:06d}",
        f"C2026-{n:06d}",
        start.astimezone(zone),
        end.astimezone(zone),
        VisitStatus.BOOKED,
        f"借款人{n}",
        "110101********1234",
        "北京市朝阳区建国路1号院3单元",
        "+8613812345678",
        100_000,
        ("李强",),
        True,
        **extra,
    )


def _flat(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


@pytest.mark.parametrize("key", list(NIGHTS))
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_repeated_hour_prints_with_its_zone_and_no_other_time_does(key: str, lang: str) -> None:
    zone = zoneinfo.ZoneInfo(key)
    first = NIGHTS[key]
    second = first + dt.timedelta(hours=1)
    names = [first.astimezone(zone).tzname(), second.astimezone(zone).tzname()]  # EDT, EST
    agreed = QuietAgreement("张伟", first + dt.timedelta(minutes=15), "电话中本人同意")
    visits = [
        _visit(1, first, 30, zone),  # 01:30 EDT – 01:00 EST: the clocks went back at 02:00
        _visit(2, second, 60, zone, quiet_agreed=agreed),  # 01:30 EST – 02:30
        _visit(3, second + dt.timedelta(hours=8, minutes=30), 60, zone),  # 10:00–11:00
    ]
    day = first.astimezone(zone).date()
    sheet = VisitSheet("东城网点", "400-800", "agent01", "王芳", "", day, key, first, visits)
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"visit_sheet_dst_{zone.key.split('/')[1].lower()}_{lang}.pdf").write_bytes(
        buf.getvalue()
    )
    text = _flat(buf.getvalue())
    assert f"1.01:30{names[0]}–01:00{names[1]}·借款人1" in text
    assert f"2.01:30{names[1]}–02:30·借款人2" in text
    assert "3.10:00–11:00·借款人3" in text
    assert f"{day:%Y-%m-%d}01:45{names[0]}" in text  # when the borrower agreed to 01:30
    assert text.count(names[0]) == 2 and text.count(names[1]) == 2  # nowhere else


def test_a_visit_booked_at_the_second_reading_prints_as_the_second(db) -> None:
    """Through the database: the office on the clock of the next night its clocks go back."""
    from sqlalchemy import select

    from app.models import Office

    first = repeated_start()  # 01:30 EDT in New York (or 02:30 AEDT in Sydney)
    second = first.replace(fold=1)
    build_visit_office(db)
    with db.session() as s:
        s.scalar(select(Office)).timezone = str(first.tzinfo)
    number = verified_visit(db, case_nos(db)[0])
    agreement = QuietAgreement("张伟", QUIET_AGREED_AT, "电话中本人同意")
    assert book(db, number, start=second, quiet_agreement=agreement).saved
    with db.session() as s:
        sheet = day_sheet(s, login(db, "agent01"), "agent01", second.date())
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, "en")
    text = _flat(buf.getvalue())
    end = (second.astimezone(dt.UTC) + dt.timedelta(hours=1)).astimezone(first.tzinfo)
    assert f"1.{second:%H:%M}{second:%Z}–{end:%H:%M}" in text
    assert f"{first:%Z}" not in text
