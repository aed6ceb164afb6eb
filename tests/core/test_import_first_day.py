"""A branch's first import, from the loan book a Chinese lender keeps: what it must take as it is
written (ID numbers of middle-aged borrowers whose district code is younger than they are)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.demo.people import resident_id
from app.errors import ValidationError
from app.importer import cells, import_file
from app.models import Borrower, User
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
