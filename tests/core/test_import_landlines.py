"""A US or UK borrower whose only number is a landline, or who has none, is imported: the landline
as a home number (the kind `borrower phone --kind home` records), named in the check as one no
SMS reaches; an empty phone cell gives the borrower no number. A Chinese office still wants a
valid mobile for each borrower. The templates head the column "phone" and, in a workbook, say so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.i18n import set_language
from app.importer import import_file, write_template
from app.models import AuditEntry, Borrower, Phone, User
from app.office import create_office

TODAY = dt.date(2026, 11, 28)
HEAD = "borrower_no,name,id_number,mobile,segment"


def _office(db, rules: str, zone: str, currency: str) -> None:
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


def _import(db, path: Path, **options):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, "borrowers", path, today=TODAY, **options)


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((HEAD, *rows)) + "\n", encoding="utf-8")
    return path


def _phones(db) -> dict[str, list[tuple[str, str, bool]]]:
    with db.session() as s:
        rows = s.execute(
            select(Borrower.borrower_no, Phone.number, Phone.kind, Phone.is_primary)
            .outerjoin(Phone, Phone.borrower_id == Borrower.id)
            .order_by(Borrower.borrower_no, Phone.id)
        )
        found: dict[str, list[tuple[str, str, bool]]] = {}
        for no, number, kind, primary in rows:
            found.setdefault(no, [])
            if number is not None:
                found[no].append((number, kind, primary))
        return found


UK_ROWS = (
    "GB1,Margaret Thompson,AB 65 43 21 B,0113 496 0123,mature",
    "GB2,Aoife Byrne,AB 12 34 56 C,07912 345679 / 028 9032 1234,young",
    "GB3,Tom Hughes,AB 12 34 58 C,,young",
)


def test_a_uk_landline_is_a_home_number_and_an_empty_cell_no_number(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    path = _csv(tmp_path / "b.csv", *UK_ROWS)
    check = _import(db, path, dry_run=True)
    assert check.errors == [] and check.new == 3
    assert check.landlines == [(2, "GB1", "+441134960123"), (3, "GB2", "+442890321234")]
    assert check.no_phone == [(4, "GB3")]
    said = check.phones_text()
    assert (
        "To be imported as landlines, which cannot receive SMS: row 2: +44 11****0123 of "
        "borrower GB1; row 3: +44 28****1234 of borrower GB2." in said
    )
    assert "To be imported without a phone number" in said and "row 4: borrower GB3" in said
    report = _import(db, path)
    assert report.imported and "Imported as landlines, which cannot receive SMS" in (
        report.phones_text()
    )
    assert _phones(db) == {
        "GB1": [("+441134960123", "home", True)],
        "GB2": [("+447912345679", "mobile", True), ("+442890321234", "home", False)],
        "GB3": [],
    }
    again = _import(db, path)  # a borrower with no number, or a landline, is the same again
    assert again.errors == [] and (again.new, again.unchanged) == (0, 3)


def test_the_check_is_said_in_chinese(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    check = _import(db, _csv(tmp_path / "b.csv", *UK_ROWS), dry_run=True)
    set_language("zh_CN")
    try:
        said = check.phones_text()
    finally:
        set_language("en")
    assert "以下号码将作为座机导入，无法接收短信：第 2 行：借款人 GB1 的 +44 11****0123" in said
    assert "以下借款人将在没有电话号码的情况下导入" in said and "第 4 行：借款人 GB3" in said


def test_a_uk_service_number_is_still_refused(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    report = _import(db, _csv(tmp_path / "b.csv", "GB1,Ann Free,AB 12 34 59 C,0800 123 4567,young"))
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (2, "mobile", "Not a mobile or landline number: 0800 123 4567")
    ]


def test_a_us_borrower_may_have_no_number_and_a_landline_is_taken(db, tmp_path) -> None:
    _office(db, "us", "America/Chicago", "USD")
    path = _csv(
        tmp_path / "b.csv",
        "US1,Dorothy Clark,456-78-9012,(614) 555-0100,mature",
        "US2,Frank Miller,456-78-9013,,mature",
    )
    report = _import(db, path)
    assert report.errors == [] and report.imported
    assert report.no_phone == [(3, "US2")]
    # A US number may be a mobile or a landline (the numbering plan does not tell): kept as
    # before, as a mobile.
    assert _phones(db) == {"US1": [("+16145550100", "mobile", True)], "US2": []}


def test_a_shared_landline_is_still_refused_or_recorded_as_shared(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    path = _csv(
        tmp_path / "b.csv",
        "GB1,Margaret Thompson,AB 65 43 21 B,0113 496 0123,mature",
        "GB2,Peter Thompson,AB 65 43 22 B,0113 496 0123,mature",
    )
    refused = _import(db, path)
    assert [(p.row, p.column) for p in refused.errors] == [(3, "mobile")]
    assert "is also on row 2, for borrower GB1" in refused.errors[0].message
    report = _import(db, path, shared_reason="Husband and wife share the home line")
    assert report.imported and len(report.shared) == 1
    with db.session() as s:
        entry = s.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "phone.add", AuditEntry.entity_id == "GB2"
            )
        )
        assert entry is not None and entry.changes["kind"] == "home"


@pytest.mark.parametrize("cell", ["", "010-62345678"])
def test_a_chinese_office_still_wants_a_mobile(db, tmp_path, cell) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    report = _import(db, _csv(tmp_path / "b.csv", f"B1,张伟,11010519491231002X,{cell},young"))
    message = {
        "": "The mobile number is missing.",
        "010-62345678": "Not a Chinese mobile number: 010-62345678",
    }[cell]
    assert [(p.row, p.column, p.message) for p in report.errors] == [(2, "mobile", message)]
    assert report.no_phone == [] and report.landlines == []


@pytest.mark.parametrize(("country", "lang"), [("GB", "en"), ("US", "zh_CN"), ("CN", "en")])
def test_the_template_says_the_phone_may_be_a_landline_or_empty(tmp_path, country, lang) -> None:
    book = openpyxl.load_workbook(write_template("borrowers", tmp_path / "b.xlsx", lang, country))
    phone = book.active.cell(row=1, column=4)
    if country == "CN":
        assert phone.value == "mobile" and phone.comment is None
        return
    assert phone.value == {"en": "phone", "zh_CN": "联系电话"}[lang]
    note = {
        "en": "A mobile or a landline number (a landline is kept as a home number, which cannot "
        "receive SMS); leave the cell empty if the borrower has no number.",
        "zh_CN": "可填手机号或座机号（座机号记为住宅电话，无法接收短信）；"
        "借款人没有电话的，此格留空。",
    }[lang]
    assert phone.comment is not None and phone.comment.text == note
