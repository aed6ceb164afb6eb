"""The portfolio report of a period before the office's first loan, from a QA pass: its "no
data" page said "No loan was overdue on … or at the start of the period", as if a book of
loans had been checked. It now says that no loan was on the book yet, and when the first came;
a period after every loan was closed keeps the old words."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models import Loan
from tests.reports.pdfcheck import pages_text, read, render_png
from tests.reports.test_portfolio_report import gather, render

JAN = (dt.date(2001, 1, 31), dt.date(2001, 1, 1), dt.date(2001, 1, 31))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            "No loan was on the book yet on 2001-01-31: the office's first loan was booked on "
            "{first}.",
        ),
        ("zh_CN", "2001-01-31 时账上还没有任何贷款：本营业部的第一笔贷款于 {first} 发放。"),
    ],
)
def test_a_period_before_the_first_loan_says_so(demo_db, screenshot_dir, lang, words) -> None:
    with demo_db.sessions() as s:
        first = s.scalar(select(func.min(Loan.disbursed_on)))
    report = gather(demo_db, *JAN, lang=lang)
    assert report.empty and report.first_booked == first and report.before_the_book
    data = render(report, lang)
    text = " ".join(pages_text(read(data))[0].split())
    assert words.format(first=f"{first:%Y-%m-%d}") in text
    assert "overdue" not in text and "逾期" not in text
    render_png(data, screenshot_dir / "reports", f"portfolio-before-book-{lang}")


def test_an_office_with_no_loan_yet_says_none_was_booked(demo_db) -> None:
    report = dataclasses.replace(gather(demo_db, *JAN), first_booked=None)
    text = " ".join(pages_text(read(render(report, "en")))[0].split())
    assert "No loan was on the book yet on 2001-01-31: none has been booked." in text


def test_a_period_after_every_loan_closed_keeps_the_overdue_words(demo_db) -> None:
    """Empty with loans booked before: they were all closed, and none was overdue."""
    report = dataclasses.replace(gather(demo_db, *JAN), first_booked=dt.date(2000, 6, 1))
    assert report.empty and not report.before_the_book
    text = " ".join(pages_text(read(render(report, "en")))[0].split())
    assert "No loan was overdue on 2001-01-31 or at the start of the period" in text
