"""A US or a UK office importing its loan book: Social Security / National Insurance numbers,
+1 / +44 mobiles written as the country writes them, amounts with $ or £; the borrowers keep the
office's time zone (their quiet hours are read in it). A Chinese office is unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.importer import import_file
from app.models import Borrower, Loan, Phone, User
from app.office import create_office

TODAY = dt.date(2026, 11, 28)
B_HEAD = "borrower_no,name,id_number,mobile,segment,address,city,province,employer"
L_HEAD = (
    "loan_no,borrower_no,product,principal,annual_rate,term_months,disbursed_on,first_due_on,"
    "schedule_type,home_visit_consent,third_party_consent"
)


def _office(db, rules: str, zone: str, currency: str):
    with db.session() as s:
        create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-a",
            jurisdiction=rules,
            timezone=zone,
            currency=currency,
        )
    return db


def _import(db, kind: str, path: Path):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY)


def _csv(path: Path, head: str, *rows: str) -> Path:
    path.write_text("\n".join((head, *rows)) + "\n", encoding="utf-8")
    return path


def _problems(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def test_a_us_office_imports_ssns_us_mobiles_and_dollar_amounts(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    borrowers = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        "B1,John Smith,123-45-6789,(212) 555-0134,young,12 Main St,New York,NY,Acme",
        "B2,Mary O'Neil,231456780,+1 646 203 4455,mature,5 Elm Ave,Brooklyn,NY,",
    )
    report = _import(db, "borrowers", borrowers)
    assert _problems(report) == []
    assert report.imported
    loans = _csv(
        tmp_path / "l.csv",
        L_HEAD,
        'L1,B1,PCL,"$12,000.00",12.5%,12,2026-01-15,2026-02-15,equal_instalment,yes,yes',
    )
    assert _problems(_import(db, "loans", loans)) == []
    with db.session() as s:
        john = s.scalar(select(Borrower).where(Borrower.borrower_no == "B1"))
        assert john.national_id == "123456789"
        assert john.birth_date is None and john.gender == ""
        assert john.timezone == "America/New_York"
        assert s.scalar(select(Phone.number).where(Phone.borrower_id == john.id)) == "+12125550134"
        assert s.scalar(select(Loan.principal).where(Loan.loan_no == "L1")) == 1_200_000


def test_a_us_office_says_what_is_wrong_with_a_row(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    borrowers = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        "B1,Bad Row,000-12-3456,13812345678,,1 Broadway,New York,NY,",
    )
    report = _import(db, "borrowers", borrowers)
    problems = _problems(report)
    assert not report.imported
    assert (
        2,
        "id_number",
        "******456 is not a Social Security number ever issued: the area number (its first three "
        "digits) is never 000, 666 or 900–999.",
    ) in problems
    assert (2, "mobile", "Not a mobile or landline number: 13812345678") in problems
    segment = [m for _r, col, m in problems if col == "segment"]
    assert segment and "young, mature or small_business" in segment[0]


def test_a_uk_office_imports_ni_numbers_and_uk_mobiles(db, tmp_path: Path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    borrowers = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        "B1,Oliver Brown,AB 12 34 56 C,07911 123456,young,3 London Rd,Leeds,,",
        "B2,Amelia Jones,QQ123456C,07911 123457,young,4 London Rd,Leeds,,",
    )
    report = _import(db, "borrowers", borrowers)
    assert [(r, c) for r, c, _m in _problems(report)] == [(3, "id_number")]
    borrowers = _csv(
        tmp_path / "b2.csv",
        B_HEAD,
        "B1,Oliver Brown,AB 12 34 56 C,07911 123456,young,3 London Rd,Leeds,,",
    )
    assert _problems(_import(db, "borrowers", borrowers)) == []
    with db.session() as s:
        oliver = s.scalar(select(Borrower).where(Borrower.borrower_no == "B1"))
        assert oliver.national_id == "AB123456C"
        assert oliver.timezone == "Europe/London"
        number = s.scalar(select(Phone.number).where(Phone.borrower_id == oliver.id))
        assert number == "+447911123456"


@pytest.mark.parametrize("cell", ["$800", "£800", "800"])
def test_an_amount_cell_may_carry_a_dollar_or_pound_sign(cell: str) -> None:
    from app.importer import cell_amounts

    assert cell_amounts.amount(cell) == 80_000
    assert cell_amounts.amount(cell.replace("800", "1,234.5")) == 123_450


def test_a_chinese_office_still_wants_a_resident_id(db, tmp_path: Path) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    borrowers = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        "B1,John Smith,123-45-6789,(212) 555-0134,young,12 Main St,New York,NY,Acme",
    )
    problems = _problems(_import(db, "borrowers", borrowers))
    assert [c for _r, c, _m in problems] == ["id_number", "mobile"]
