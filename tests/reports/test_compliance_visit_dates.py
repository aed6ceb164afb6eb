"""The compliance report says which date each section counts by: the flags by when they were
recorded, the visits by the visit's own date; an override of a visit's booking or move gives the
slot the booking or move chose under the time it was recorded (not the visit's time now). QA: a
booking overridden today for a visit two weeks on was in this month's overrides and next month's
visits with nothing to say why.

A flag copied from the audit trail by migration 0018 says its reason was not recorded."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from app.i18n import tr
from app.models import User, Visit
from app.reporting import compliance_report
from reports.compliance_flags import BY_RECORDED
from reports.compliance_report import render_compliance_report
from tests.core.visit_office import SHANGHAI, login
from tests.core.visit_overrides import COPIED, WHY_BOOK, WHY_MOVE, overridden_office
from tests.office_day import office_today
from tests.reports.pdfcheck import pages_text, read, render_png

MONTH, DAY = dt.timedelta(days=30), dt.timedelta(days=1)
BY_VISIT = (
    "Counted by each visit's own date (its check-in, else its booked start), not by when it was "
    "booked or moved."
)


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Iterator[Any]:
    """The overrides recorded 30 days ago (a booking and a move overridden then), their visits
    yesterday: what a month's report and the next one's see."""
    database, _path, _cases = overridden_office(template_db, tmp_path)
    today = office_today()
    with database.session() as s:
        s.execute(text("UPDATE flagged_booking SET at = :at"), {"at": _utc(today - MONTH, 10)})
        for n, visit in enumerate(s.scalars(select(Visit).order_by(Visit.id))):
            visit.scheduled_start = _local(today - DAY, 9 + 2 * n)
            visit.scheduled_end = _local(today - DAY, 10 + 2 * n)
    yield database
    database.close()


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


def _utc(day: dt.date, hour: int) -> dt.datetime:
    return _local(day, hour).astimezone(dt.UTC).replace(tzinfo=None)


def _pdf(database: Any, start: Any, end: Any, lang: str) -> tuple[Any, str]:
    boss = login(database, "supervisor")
    with database.session() as s:
        report = compliance_report(s, s.get(User, boss.id), start, end, lang=lang)
    out = io.BytesIO()
    render_compliance_report(report, out, lang)
    return report, out.getvalue()


def _flat(data: bytes) -> str:
    """The PDF's text with its line breaks as spaces (a note wraps where the page wants)."""
    return re.sub(r"\s+", " ", "\n".join(pages_text(read(data))))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_each_section_says_which_date_it_counts_by(office, lang, screenshot_dir) -> None:
    then = office_today() - MONTH
    report, data = _pdf(office, then, then, lang)
    assert len(report.overrides) == 3 and report.visits == []  # the visits are a month on
    whole = _flat(data)
    assert whole.count(tr(BY_RECORDED, lang)) == 4, whole  # flags by rule, blocked, overrides,
    assert tr(BY_VISIT, lang) in whole  # warnings; then the visits
    for row in report.overrides:  # the visits were moved since: each row keeps its own slot
        assert row.visit_at is not None
        assert row.visit_at.astimezone(SHANGHAI).date() == office_today() - DAY
        assert row.slot_start is not None and row.slot_end is not None
        start, end = row.slot_start.astimezone(SHANGHAI), row.slot_end.astimezone(SHANGHAI)
        assert start.date() != office_today() - DAY
        visit = tr("visit {slot}", lang, slot=f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}")
        assert visit in whole, visit
    assert WHY_BOOK in whole and WHY_MOVE in whole
    render_png(data, screenshot_dir, f"visit-dates-{lang}")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visits_period_counts_the_visit_and_says_so(office, lang) -> None:
    yesterday = office_today() - DAY
    report, data = _pdf(office, yesterday, yesterday, lang)
    assert len(report.visits) == 2 and report.overrides == []
    whole = _flat(data)
    assert tr(BY_VISIT, lang) in whole


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "not recorded (saved before this version)"), ("zh_CN", "未记录（本版本之前保存）")],
)
def test_a_copied_flag_says_its_reason_was_not_recorded(office, lang, words) -> None:
    with office.session() as s:
        s.execute(
            text("UPDATE flagged_booking SET findings = :f, override_reason = NULL"), {"f": COPIED}
        )
    then = office_today() - MONTH
    report, data = _pdf(office, then, then, lang)
    assert {o.override_reason for o in report.overrides} == {words}
    assert _flat(data).count(words) == 3
