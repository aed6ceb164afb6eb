"""A US or UK office's import template shows its own example row (SSN / NI number, +1 / +44
mobile, $ / £, its place and time zone) and imports as it stands; a borrower's `timezone` column
(IANA Area/City, checked) sets where their quiet hours are read — a California borrower of a New
York office keeps Pacific time. A Chinese office's template and default zones are unchanged."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.importer import import_file, write_template
from app.models import Borrower, User
from app.office import create_office

TODAY = dt.date(2026, 11, 28)
HEAD = "borrower_no,name,id_number,mobile,segment,timezone"


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


def _import(db, path: Path, kind: str = "borrowers"):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY)


def _zones(db) -> dict[str, str]:
    with db.session() as s:
        return dict(s.execute(select(Borrower.borrower_no, Borrower.timezone)).all())


def _example(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    return dict(zip(header, row, strict=True))


@pytest.mark.parametrize(
    ("country", "id_number", "mobile", "zone", "money"),
    [
        ("US", "123-45-6789", "(212) 555-0134", "America/New_York", "$"),
        ("GB", "AB 12 34 56 C", "07911 123456", "Europe/London", "£"),
        ("CN", "11010519491231002X", "13812345678", "Asia/Shanghai", ""),
    ],
)
def test_the_template_shows_the_offices_country(tmp_path, country, id_number, mobile, zone, money):
    borrowers = _example(write_template("borrowers", tmp_path / "b.csv", "en", country))
    # A US or UK borrower's number may be a landline, or missing: the column is "phone".
    phone = borrowers["mobile" if country == "CN" else "phone"]
    assert borrowers["id_number"] == id_number and phone == mobile
    assert borrowers["timezone"] == zone
    loans = _example(write_template("loans", tmp_path / "l.csv", "en", country))
    payments = _example(write_template("payments", tmp_path / "p.csv", "en", country))
    assert loans["principal"].startswith(money or "1") and payments["amount"].startswith(
        money or "1"
    )
    if country != "CN":
        everything = [*borrowers.values(), *loans.values(), *payments.values()]
        assert not any("\u4e00" <= c <= "\u9fff" for v in everything for c in v)  # no Chinese


@pytest.mark.parametrize(
    ("rules", "zone", "currency", "country"),
    [("us", "America/New_York", "USD", "US"), ("uk", "Europe/London", "GBP", "GB")],
)
def test_a_us_or_uk_template_imports_as_it_stands(db, tmp_path, rules, zone, currency, country):
    _office(db, rules, zone, currency)
    report = _import(db, write_template("borrowers", tmp_path / "b.csv", "en", country))
    assert report.errors == [] and report.new == 1
    assert list(_zones(db).values()) == [zone]


def test_a_california_borrower_of_a_new_york_office_keeps_pacific_time(db, tmp_path) -> None:
    _office(db, "us", "America/New_York", "USD")
    path = tmp_path / "b.csv"
    path.write_text(
        f"{HEAD}\n"
        "B1,John Smith,123-45-6789,(212) 555-0134,young,america/los_angeles\n"
        "B2,Mary Jones,231-45-6780,(646) 203-4455,mature,\n"
        "B3,Ann Lee,231-45-6781,(646) 203-4456,young,US/Central\n",
        encoding="utf-8",
    )
    report = _import(db, path)
    assert report.errors == []
    assert _zones(db) == {
        "B1": "America/Los_Angeles",  # written in any case
        "B2": "America/New_York",  # none written: the office's
        "B3": "America/Chicago",  # an older alias: its place's zone
    }


def test_an_unknown_time_zone_is_a_row_problem(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    path = tmp_path / "b.csv"
    path.write_text(f"{HEAD}\nB1,Oliver Brown,AB 12 34 56 C,07911 123456,young,London\n", "utf-8")
    report = _import(db, path)
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (
            2,
            "timezone",
            "Unknown time zone London: write the borrower's Area/City zone, such as "
            "America/Los_Angeles or Europe/London.",
        )
    ]
    assert _zones(db) == {}


def test_a_chinese_office_takes_the_column_too(db, tmp_path) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    path = tmp_path / "b.csv"
    path.write_text(
        "借款人编号,姓名,身份证号,手机号,时区\n"
        "B1,张伟,11010519491231002X,13812345678,Asia/Urumqi\n"
        "B2,李娜,110105194912310038,13812345679,\n",
        encoding="utf-8",
    )
    report = _import(db, path)
    assert report.errors == []
    assert _zones(db) == {"B1": "Asia/Urumqi", "B2": "Asia/Shanghai"}
