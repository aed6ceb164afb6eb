"""The printed agreement says which due dates are public holidays of the office's calendar, in
Chinese and English beside the date, as the draft dialog and the CLI do; a plan with no such
date prints as before, with no note column. The holidays are read from the calendar relative to
the office's today, not written down: the tests hold whatever day they run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from app.agreements import PlanRow, approve, draft_plan, gather_document, sign
from app.agreements.document import AgreementDocument, holiday_notes
from app.agreements.holiday_dates import is_holiday
from app.agreements.printing import write_agreement
from app.compliance.holidays import calendar
from app.loans.schedule import add_months
from app.money import fmt
from app.reporting.period import office_today
from reports.agreement import render_agreement
from tests.core.test_agreements import DEBT, _case, _user, build_office
from tests.reports.pdfcheck import drawn_box

ONE = dt.timedelta(days=1)


@pytest.fixture
def office(db):
    return build_office(db)


def _next(today: dt.date, english: str) -> dt.date:
    """The first day after `today` the CN calendar names `english` (National Day, …)."""
    for year in (today.year, today.year + 1):
        days = [d for d, name in sorted(calendar("CN", year).items()) if name == english]
        if days and days[0] > today:
            return days[0]
    raise AssertionError(english)


def _open_day(today: dt.date) -> dt.date:
    """A day soon after `today` that is no public holiday."""
    day = today + 3 * ONE
    while is_holiday("CN", day):
        day += ONE
    return day


def _split(dates: list[dt.date]) -> list[PlanRow]:
    """The debt over `dates`, the remainder last (no waiver: the agent may issue it)."""
    part = DEBT // len(dates)
    amounts = [part] * (len(dates) - 1) + [DEBT - part * (len(dates) - 1)]
    return [PlanRow(d, a) for d, a in zip(dates, amounts, strict=True)]


def _signed_pdf(office, dates: list[dt.date], path: Path) -> str:
    """A plan on `dates` drafted, issued and signed on L1, printed as the CLI prints it (the
    signed copy); the PDF's text."""
    with office.session(write_lock=True) as s:
        agent = _user(s, "agent01")
        number = draft_plan(s, agent, _case(s, "L1").case_no, rows=_split(dates)).agreement_no
        approve(s, agent, number)
        sign(s, agent, number, office_today(s))
        write_agreement(s, agent, number, path, as_signed=True)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_row_on_a_public_holiday_is_noted_in_both_languages(office, tmp_path: Path) -> None:
    with office.session() as s:
        today = office_today(s)
    first = _open_day(today)
    national = _next(first, "National Day")
    spring = _next(first, "Chinese New Year (Spring Festival)")
    text = _signed_pdf(office, [first, *sorted((national, spring))], tmp_path / "ag.pdf")
    lines = text.splitlines()
    for day, zh, en in (
        (national, "国庆节", "National Day"),
        (spring, "春节", "Chinese New Year (Spring Festival)"),
    ):
        # The note follows its row (number, date, amount), Chinese over English.
        at = lines.index(f"{day:%Y-%m-%d}")
        assert lines[at + 2 : at + 4] == [f"法定节假日：{zh}", f"a public holiday: {en}"], text
    assert "备注" in text and "Note" in text  # the column's heading, in both languages
    at = lines.index(f"{first:%Y-%m-%d}")
    assert lines[at + 2] == "2"  # an ordinary day: the next row follows its amount
    assert text.count("法定节假日：") == text.count("a public holiday: ") == 2


def test_a_plan_with_no_holiday_prints_no_note(office, tmp_path: Path) -> None:
    with office.session() as s:
        today = office_today(s)
    dates = [_open_day(today)]
    for _ in range(2):
        dates.append(_open_day(dates[-1]))
    text = _signed_pdf(office, dates, tmp_path / "ag.pdf")
    assert all(f"{d:%Y-%m-%d}" in text for d in dates)
    assert "法定节假日" not in text and "public holiday" not in text
    assert "备注" not in text and "\nNote\n" not in text  # no empty column


def test_a_long_plan_notes_every_holiday_on_each_page_within_the_margins(office) -> None:
    """36 rows on the 1st of each month: New Year's Day, Labour Day and National Day fall on
    some of them, over three pages; each is noted, on A4 and on US Letter, inside the margins."""
    with office.session(write_lock=True) as s:
        today = office_today(s)
        start = add_months(today.replace(day=1), 1)
        dates = [add_months(start, k) for k in range(36)]
        agent = _user(s, "agent01")
        number = draft_plan(s, agent, _case(s, "L2").case_no, rows=_split(dates)).agreement_no
        doc = gather_document(s, agent, number)
    holidays = [d for d in dates if is_holiday("CN", d)]
    assert len(holidays) >= 6  # three New Year's Days, three National Days at least
    assert [r.due_on for r in doc.rows if r.holiday_note] == holidays
    for paper, size in (("a4", A4), ("letter", LETTER)):
        reader = _render(dataclasses.replace(doc, paper=paper))
        assert len(reader.pages) >= 3
        text = "\n".join(page.extract_text() for page in reader.pages)
        for row in doc.rows:
            if row.holiday_note:  # beside its row, whole: nothing clipped or cut off
                zh, en = row.holiday_note
                assert f"{row.due_on:%Y-%m-%d}\n{fmt(row.amount)}\n{zh}\n{en}\n" in text
        for page in reader.pages:
            left, _bottom, right, _top = drawn_box(page)
            assert left >= 15 * mm - 1 and right <= size[0] - 15 * mm + 1, (paper, left, right)


def test_another_countrys_holidays_read_in_chinese_too() -> None:
    """A US office's calendar names its holidays in English only; the note's Chinese comes from
    the catalog (Thanksgiving: 感恩节), and a day that is none has no note."""
    thanksgiving = next(d for d, n in calendar("US", 2027).items() if n == "Thanksgiving Day")
    assert holiday_notes("US", [thanksgiving, thanksgiving + ONE]) == [
        ("法定节假日：感恩节", "a public holiday: Thanksgiving Day"),
        None,
    ]
    assert holiday_notes(None, [thanksgiving]) == [None]


def _render(doc: AgreementDocument) -> PdfReader:
    out = io.BytesIO()
    render_agreement(doc, out)
    return PdfReader(io.BytesIO(out.getvalue()))
