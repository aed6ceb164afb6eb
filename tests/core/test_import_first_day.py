"""A branch's first import, from the loan book a Chinese lender keeps: what it must take as it is
written (ID numbers of middle-aged borrowers whose district code is younger than they are)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.demo.people import resident_id
from app.errors import ValidationError
from app.importer import cells, import_file
from app.models import Borrower, Loan, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="成都武侯营业部", admin_username="admin", admin_password="pw-admin")
    return db


@pytest.mark.parametrize(
    "area, born",
    [
        ("510107", dt.date(1965, 3, 1)),  # 武侯区, a code since 1990
        ("510104", dt.date(1972, 8, 9)),  # 锦江区, since 1990
        ("310115", dt.date(1968, 1, 1)),  # 浦东新区, since 1992
        ("440106", dt.date(1979, 12, 31)),  # 天河区, since 1985
        ("412723", dt.date(1999, 6, 1)),  # 商水县, retired in 2000: born before, still valid
    ],
)
def test_a_district_code_younger_than_its_holder_is_taken(area, born):
    """A number takes the district where it was first issued, years after an older borrower's
    birth: their codes are real, not typos."""
    number = resident_id(area, born, 11)
    assert cells.resident_id(number, today=TODAY) == number


@pytest.mark.parametrize(
    "area, born",
    [
        ("412723", dt.date(2001, 6, 1)),  # retired the year before the birth
        ("310225", dt.date(2002, 6, 1)),  # 南汇县, retired in 2001
        ("999999", dt.date(1980, 6, 1)),  # never a region
    ],
)
def test_a_code_retired_before_the_birth_or_never_used_is_still_refused(area, born):
    number = resident_id(area, born, 11)
    with pytest.raises(ValidationError, match="names no region in use in its birth year or since"):
        cells.resident_id(number, today=TODAY)


def test_a_chengdu_loan_book_of_middle_aged_borrowers_imports_whole(office, tmp_path):
    rows = f.borrowers(4)
    for row, (area, year) in zip(
        rows, [("510107", 1965), ("510104", 1970), ("510106", 1975), ("510105", 1988)], strict=True
    ):
        row[2] = resident_id(area, dt.date(year, 5, 20), 21)
    path = f.write_csv(tmp_path / "客户信息.csv", f.BORROWER_ZH, rows)
    with office.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        report = import_file(s, admin, "borrowers", path, today=TODAY)
    assert [p.message for p in report.errors] == []
    assert report.ok and report.new == 4
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Borrower)) == 4


# --- columns a loan book names its own way ----------------------------------------------------

LOAN_HEADER = [
    "借据号",
    "客户编号",
    "贷款产品",
    "贷款金额（元）",
    "年利率",
    "贷款期限",
    "放款日期",
    "还款方式",
    "是否同意上门",
    "是否同意联系第三方",
    "客户经理",
]


def _book(office, tmp_path, header):
    path = f.write_csv(tmp_path / "客户信息.csv", f.BORROWER_ZH, f.borrowers(2))
    with office.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert import_file(s, admin, "borrowers", path, today=TODAY).ok
    rows = [
        ["JJ0001", "B000001", "个人消费贷款", "36,000.00", "14.6%", "12个月", "2026/01/05",
         "等额本息", "是", "否", "王经理"],
        ["JJ0002", "B000002", "信用贷款", "50,000.00", "14.6%", "24期", "2026/02/06",
         "先息后本", "否", "是", "王经理"],
    ]  # fmt: skip
    return f.write_csv(tmp_path / "借据.csv", header, [r[: len(header)] for r in rows])


def _loans(office, path, *, dry_run=False):
    with office.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, "loans", path, today=TODAY, dry_run=dry_run)


def test_a_yes_no_column_asked_as_a_question_is_read(office, tmp_path):
    """是否同意上门 is the consent column: left unread, every loan was booked without consent to
    visit, and a second import with the header renamed is refused (a loan is never rewritten)."""
    report = _loans(office, _book(office, tmp_path, LOAN_HEADER))
    assert report.ok and report.new == 2, [p.message for p in report.errors]
    with office.session() as s:
        consents = s.execute(
            select(Loan.loan_no, Loan.home_visit_consent, Loan.third_party_consent).order_by(
                Loan.loan_no
            )
        ).all()
    assert [tuple(c) for c in consents] == [("JJ0001", True, False), ("JJ0002", False, True)]


def test_columns_not_read_are_said_before_and_after_the_import(office, tmp_path):
    header = [*LOAN_HEADER[:8], "同意上门(Y/N)", "是否同意联系第三方", "客户经理"]
    path = _book(office, tmp_path, header)
    checked = _loans(office, path, dry_run=True)
    assert checked.ok and checked.unread == {"借据.csv": ["I: 同意上门(Y/N)", "K: 客户经理"]}
    said = checked.unread_text()
    assert "Not read" in said and "I: 同意上门(Y/N), K: 客户经理" in said
    assert "rename it as the template does" in said
    imported = _loans(office, path)
    assert imported.imported and imported.unread_text() == said


def test_a_file_whose_every_column_is_read_says_nothing_more(office, tmp_path):
    report = _loans(office, _book(office, tmp_path, LOAN_HEADER[:10]), dry_run=True)
    assert report.ok and report.unread_text() == "" and report.unread == {"借据.csv": []}
