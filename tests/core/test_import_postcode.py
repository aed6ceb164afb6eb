"""Postcodes in the borrower import: a UK postcode, a US ZIP code, a Chinese 邮编, read under
any of their usual headers, checked by the office's country and kept on the address; a UK
county or a US state lands in the province column. A bad one rejects the row (nothing is
imported), named by row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.importer import import_file
from app.importer.columns import write_template
from app.models import Address, Borrower, User
from app.office import create_office
from app.postcodes import postcode, with_postcode
from tests.core import importer_files as f
from tests.office_day import office_today


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


def _import(db, path: Path):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, "borrowers", path, today=office_today())


def _csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _addresses(db) -> dict[str, tuple[str, str, str]]:
    with db.session() as s:
        rows = s.execute(
            select(Borrower.borrower_no, Address.line, Address.province, Address.postcode).join(
                Address, Address.borrower_id == Borrower.id
            )
        ).all()
    return {no: (line, province, code) for no, line, province, code in rows}


def test_a_uk_office_reads_the_post_code_and_county(db, tmp_path: Path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    sheet = _csv(
        tmp_path / "b.csv",
        "borrower_no,name,id_number,mobile,segment,address,city,County,Post Code",
        "B1,Oliver Brown,AB 12 34 56 C,07911 123456,young,3 London Road,Leeds,West Yorkshire,"
        "ls62ab",
        "B2,Amelia Jones,AB 12 34 57 C,07911 123457,young,1 Parliament St,London,,SW1A 1AA",
    )
    report = _import(db, sheet)
    assert report.errors == [] and report.imported
    assert report.unread == {"b.csv": []}  # nothing "Not read"
    assert _addresses(db) == {
        "B1": ("3 London Road", "West Yorkshire", "LS6 2AB"),
        "B2": ("1 Parliament St", "", "SW1A 1AA"),
    }


def test_a_bad_uk_postcode_rejects_the_row_by_row_and_column(db, tmp_path: Path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    sheet = _csv(
        tmp_path / "b.csv",
        "borrower_no,name,id_number,mobile,segment,address,city,postcode",
        "B1,Oliver Brown,AB 12 34 56 C,07911 123456,young,3 London Road,Leeds,LS6 2AB",
        "B2,Amelia Jones,AB 12 34 57 C,07911 123457,young,4 London Road,Leeds,12345",
    )
    report = _import(db, sheet)
    assert not report.imported
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (3, "postcode", "12345 is not a UK postcode; write it as SW1A 1AA or LS6 2AB.")
    ]
    assert _addresses(db) == {}  # nothing half-imported: the good row waits too


def test_a_us_office_reads_the_zip_code_and_state(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    sheet = _csv(
        tmp_path / "b.csv",
        "borrower_no,name,id_number,mobile,segment,address,city,State,ZIP code",
        "B1,John Smith,123-45-6789,(212) 555-0134,young,12 Main St,New York,NY,10001",
        "B2,Mary O'Neil,231456780,+1 646 203 4455,mature,5 Elm Ave,Boston,MA,02134 1234",
    )
    report = _import(db, sheet)
    assert report.errors == [] and report.imported
    assert _addresses(db) == {
        "B1": ("12 Main St", "NY", "10001"),
        "B2": ("5 Elm Ave", "MA", "02134-1234"),
    }


def test_a_bad_zip_code_is_a_row_problem(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    sheet = _csv(
        tmp_path / "b.csv",
        "borrower_no,name,id_number,mobile,segment,address,zip",
        "B1,John Smith,123-45-6789,(212) 555-0134,young,12 Main St,1000",
        "B2,Mary O'Neil,231456780,+1 646 203 4455,mature,,10001",
    )
    report = _import(db, sheet)
    assert not report.imported
    assert [(p.row, p.column) for p in report.errors] == [(2, "zip"), (3, "zip")]
    assert "five digits (10001)" in report.errors[0].message
    assert report.errors[1].message == "A postcode needs its address: the address is empty."


def test_a_chinese_office_reads_the_youbian(db, tmp_path: Path) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    rows = [
        [*row, code] for row, code in zip(f.borrowers(2), ["100020", "１０００２２"], strict=True)
    ]
    sheet = f.write_csv(tmp_path / "b.csv", [*f.BORROWER_ZH, "邮政编码"], rows)
    report = _import(db, sheet)
    assert report.errors == [] and report.imported
    assert [v[2] for _k, v in sorted(_addresses(db).items())] == ["100020", "100022"]
    bad = f.write_csv(
        tmp_path / "bad.csv", [*f.BORROWER_ZH, "邮编"], [[*f.borrowers(1, 3)[0], "1000"]]
    )
    report = _import(db, bad)
    assert [(p.row, p.column) for p in report.errors] == [(2, "邮编")]


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        (" sw1a1aa ", "GB", "SW1A 1AA"),
        ("EC1A 1BB", "GB", "EC1A 1BB"),
        ("M1 1AE", "GB", "M1 1AE"),
        (2134, "US", "02134"),  # Excel dropped the leading zero of a number cell
        (21341234.0, "US", "02134-1234"),
        (501, "US", "00501"),  # Holtsville, NY: the lowest ZIP code, two zeros dropped
        (5011234, "US", "00501-1234"),
        ("10001-1234", "US", "10001-1234"),
        (10020, "CN", "010020"),  # Hohhot's 010020 as a number
        (None, "GB", ""),
        ("", "US", ""),
    ],
)
def test_postcodes_are_normalised(value, country: str, expected: str) -> None:
    assert postcode(value, country) == expected


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("QA1 1AA", "GB"),
        ("SW1A 1AAA", "GB"),
        ("1234", "US"),
        ("10001-", "US"),
        ("10002", "CN"),
        (123456, "US"),  # a typo, not ZIP+4 00012-3456: no ZIP code starts with three zeros
        (12, "US"),
    ],
)
def test_bad_postcodes_are_refused(value: str | int, country: str) -> None:
    with pytest.raises(ValidationError):
        postcode(value, country)


def test_the_postcode_follows_the_line_once() -> None:
    assert with_postcode("3 London Road", "LS6 2AB") == "3 London Road, LS6 2AB"
    assert with_postcode("3 London Road, Leeds LS6 2AB", "LS6 2AB") == (
        "3 London Road, Leeds LS6 2AB"
    )
    assert with_postcode("朝阳区建国路88号", "100020") == "朝阳区建国路88号 100020"
    assert with_postcode("12 Main St", "") == "12 Main St"


@pytest.mark.parametrize(
    ("country", "lang", "header", "example"),
    [
        ("GB", "en", "postcode", "LS6 2AB"),
        ("US", "en", "postcode", "10001"),
        ("CN", "zh_CN", "邮编", "100020"),
    ],
)
def test_the_template_has_the_postcode_column(
    db, tmp_path: Path, country: str, lang: str, header: str, example: str
) -> None:
    path = write_template("borrowers", tmp_path / "t.xlsx", lang, country)
    sheet = openpyxl.load_workbook(path).active
    head = [c.value for c in sheet[1]]
    assert head[head.index(header)] == header
    assert sheet.cell(row=2, column=head.index(header) + 1).value == example
    rules = {"GB": ("uk", "Europe/London", "GBP"), "US": ("us", "America/New_York", "USD")}
    _office(db, *rules.get(country, ("cn", "Asia/Shanghai", "CNY")))
    report = _import(db, path)  # the template's own example imports as it stands
    assert report.errors == [] and report.imported
    assert [v[2] for v in _addresses(db).values()] == [example]
    csv_path = write_template("borrowers", tmp_path / "t.csv", lang, country)
    with open(csv_path, encoding="utf-8-sig") as handle:
        assert header in next(csv.reader(handle))
