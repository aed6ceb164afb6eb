"""QA of the portfolio and recovery report's figures, each checked against plain SQL: a loan
written off between two month ends is not a cure in the roll rates, and a book of loans all
current is a portfolio to report, not "no data in this period"."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select, text

from app.cases.delinquency import bucket_for, positions
from app.loans.closure import WRITE_OFF, closure_state, decide
from app.loans.service import book_loan
from app.models import Borrower, Case, CaseStatus, Loan, LoanProduct, LoanStatus, Segment, User
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.reporting import portfolio_report
from app.reporting.period import office_today
from app.reporting.positions import CLOSED, CURRENT
from reports.portfolio import render_portfolio
from tests.reports.pdfcheck import pages_text, read


def user(session, name: str = "supervisor") -> User:
    return session.scalar(select(User).where(User.username == name))


def pdf_text(report, lang: str) -> str:
    out = io.BytesIO()
    render_portfolio(report, out, lang)
    return "\n".join(pages_text(read(out.getvalue())))


def _write_off_one_overdue_loan(database, month_end: dt.date, today: dt.date) -> tuple[int, str]:
    """Write off, today, a loan that was overdue at `month_end` and is still on the book: its
    id and its bucket then."""
    with database.session() as s:
        supervisor = user(s)
        overdue = {p.loan_id: bucket_for(p.dpd) for p in positions(s, month_end) if p.dpd > 0}
        cases = s.execute(
            select(Case.case_no, Case.loan_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Case.status != CaseStatus.CLOSED, Loan.status == LoanStatus.ACTIVE)
            .order_by(Case.id)
        ).all()
        for case_no, loan_id in cases:
            if loan_id not in overdue:
                continue
            state = closure_state(s, supervisor, case_no)
            if WRITE_OFF in state.decisions and not state.open_work:
                why = "QA: beyond recovery"
                decide(s, supervisor, case_no, WRITE_OFF, why, today=today, early=True)
                return loan_id, overdue[loan_id]
    raise AssertionError("the demo office has an overdue loan that may be written off")


def test_a_written_off_loan_is_not_a_cure_in_the_roll_rates(demo_db) -> None:
    """QA: the roll matrix put a loan written off between two month ends in "closed", and
    "Cured or closed" (转正常或结清, "back to normal or paid off") counted it as a cure: the
    180+ row of the demo office's November read 6.4% cured when 11 of its 12 closed loans had
    been written off. Written-off loans are now a column of their own, and the cure rate counts
    loans back to current, paid off or settled only — checked here against plain SQL."""
    with demo_db.sessions() as s:
        today = office_today(s)
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    loan_id, source = _write_off_one_overdue_loan(demo_db, month_end, today)
    with demo_db.sessions() as s:
        report = portfolio_report(s, user(s), today, month_end + dt.timedelta(days=1), today)
        (matrix,) = report.rolls
        assert (matrix.start, matrix.end) == (month_end, today)
        # Plain SQL: the loans of `source` at the month end that are off the book today, by how.
        in_source = {
            p.loan_id for p in positions(s, month_end) if (bucket_for(p.dpd) or CURRENT) == source
        }
        gone = dict(
            s.execute(
                text(
                    "SELECT id, status FROM loan WHERE closed_on <= :end "
                    "AND status NOT IN ('ACTIVE', 'LEGAL')"
                ),
                {"end": today.isoformat()},
            ).all()
        )
        written_off = sum(1 for i in in_source if gone.get(i) == "WRITTEN_OFF")
        paid_off = sum(1 for i in in_source if i in gone) - written_off
        back = sum(1 for p in positions(s, today) if p.loan_id in in_source and p.dpd == 0)
        assert written_off >= 1 and gone[loan_id] == "WRITTEN_OFF"
        row = matrix.counts[source]
        assert row[CLOSED] == written_off + paid_off  # "closed" is still every loan off the book
        assert matrix.written_off[source] == written_off
        assert matrix.paid_off(source) == paid_off
        assert row.get(CURRENT, 0) == back
        assert matrix.cured(source) == (back + paid_off) / len(in_source)
        assert matrix.total(source) == len(in_source)
    # The PDF says it in both languages: a written-off column, and the cure rate named as such.
    en = pdf_text(report, "en")
    assert "Written off" in en and "Cured or paid off" in en and "Cured or closed" not in en
    zh = pdf_text(report, "zh_CN")
    assert "已核销" in zh and "转正常或结清" in zh and "已结清" in zh


def _office_with_one_current_loan(database, today: dt.date) -> None:
    with database.session() as s:
        _, admin = create_office(
            s, name="测试营业部", admin_username="admin", admin_password="demo"
        )
        national_id = "11010519491231002X"
        borrower = Borrower(
            borrower_no="B000001",
            name="张三",
            national_id=national_id,
            national_id_hash=id_hash(hash_key(s), national_id),
            segment=Segment.YOUNG,
        )
        s.add(borrower)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "PCL"))
        book_loan(
            s,
            admin,
            loan_no="L000001",
            borrower=borrower,
            product=product,
            principal=1_200_000,
            term_months=12,
            disbursed_on=today - dt.timedelta(days=20),
            first_due_on=today + dt.timedelta(days=10),  # nothing due yet: the loan is current
        )


def test_a_book_of_current_loans_is_not_an_empty_period(db) -> None:
    """QA: a period whose loans were all current (the demo office's first quarter of 2024: 40
    loans on the book, none overdue, no promise yet) printed "No data in this period" and the
    CLI said so, as if the office had had no loans. Its aging and roll rates are the report."""
    with db.sessions() as s:
        today = office_today(s)
    _office_with_one_current_loan(db, today)
    start = today - dt.timedelta(days=10)
    with db.sessions() as s:
        book = s.scalar(
            text(
                "SELECT count(*) FROM loan WHERE disbursed_on <= :d "
                "AND (status IN ('ACTIVE', 'LEGAL') OR closed_on > :d)"
            ),
            {"d": today.isoformat()},
        )
        admin = user(s, "admin")
        report = portfolio_report(s, admin, today, start, today)
        assert book == 1
        assert {a.bucket: a.loans for a in report.aging}[CURRENT] == book
        assert report.overdue_loans == 0 and report.recovery.loans == 0
        assert not report.empty
    text_en = pdf_text(report, "en")
    assert "No data in this period" not in text_en
    assert f"Aging as of {today:%Y-%m-%d}" in text_en
    # Nothing overdue: the table says so, with no chart of empty axes above it.
    assert "Amount overdue by bucket" not in text_en
    # Before the loan was disbursed the office's book was empty: that period has no data.
    with db.sessions() as s:
        day = today - dt.timedelta(days=25)
        assert portfolio_report(s, user(s, "admin"), day, day - dt.timedelta(days=3), day).empty
