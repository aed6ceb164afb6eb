"""A visit sheet reprinted for a past day tells that day's figures, parsed back from the PDF: found
at a month-end walk, the sheet of a case paid off since showed today's 0.00, not what the team
carried. A sheet for a day to come says which day its figures are of."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.models import Case, User
from app.money import fmt
from app.queries.visits import VisitSheet, day_sheet
from reports.visit_sheet import render_visit_sheet
from tests.core.past_visit import visit_paid_since
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit
from tests.office_day import office_today

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/visits-shots"))


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _sheet(db, day) -> VisitSheet:  # type: ignore[no-untyped-def]
    user = login(db, "supervisor")
    with db.session() as s:
        return day_sheet(s, s.get(User, user.id), "agent01", day)


def _pdf(sheet: VisitSheet, lang: str, name: str) -> str:
    """The sheet's text as pypdf reads it back (the PDF kept for a look)."""
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{name}_{lang}.pdf").write_bytes(buf.getvalue())
    return "\n".join(page.extract_text() for page in PdfReader(buf).pages)


@pytest.mark.parametrize(
    ("lang", "late", "note"),
    [
        (
            "en",
            "{dpd} days past due ({bucket})",
            "Printed on {today} for a past day: amounts overdue, days past due and buckets are "
            "as of {day}; phone numbers, statuses and warnings are as they stand on {today}.",
        ),
        (
            "zh_CN",
            "逾期 {dpd} 天（{bucket}）",
            "{today} 补打的往日日程表：逾期金额、逾期天数和账龄段按 {day} 计；"
            "电话号码、状态和提示为 {today} 的情况。",
        ),
    ],
)
def test_a_past_days_sheet_shows_that_days_figures_on_a_loan_paid_since(office, lang, late, note):
    then = visit_paid_since(office)
    sheet = _sheet(office, then.day)
    (visit,) = sheet.visits
    assert visit.amount_overdue == then.amount_overdue  # not the 0.00 the case shows today
    text = _pdf(sheet, lang, "visit_sheet_past_day")
    assert f"{fmt(then.amount_overdue)} · {late.format(dpd=then.dpd, bucket=then.bucket)}" in text
    assert "0.00" not in text.replace(fmt(then.amount_overdue), "")
    # What is of that day, and what of today (the reprint's).
    printed = sheet.generated_at.date().isoformat()
    said = note.format(today=printed, day=then.day.isoformat())
    assert "".join(said.split()) in "".join(text.split())
    assert (visit.dpd, visit.bucket, sheet.figures_as_of) == (then.dpd, then.bucket, None)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Days past due, buckets and amounts overdue are as of {date}."),
        ("zh_CN", "逾期天数、账龄段和逾期金额按 {date} 计。"),
    ],
)
def test_a_sheet_for_a_day_to_come_counts_to_today_and_says_so(office, lang, said):
    case_no = case_nos(office)[0]
    assert book(office, verified_visit(office, case_no), start=slot(10)).saved
    sheet = _sheet(office, slot(10).date())
    today = office_today()
    text = _pdf(sheet, lang, "visit_sheet_day_to_come")
    assert "".join(said.format(date=today.isoformat()).split()) in "".join(text.split())
    assert sheet.figures_as_of == today
    with office.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None and case.computed_as_of == today  # the queue's figures today
        (visit,) = sheet.visits
        assert (visit.amount_overdue, visit.dpd, visit.bucket) == (
            case.amount_overdue,
            case.dpd,
            case.bucket,
        )
