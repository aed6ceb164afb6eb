"""A US or UK office's borrowers import names the ID number as the office does, in English and
Chinese (QA s47 Q-2: 身份证号 in the duplicate messages), and says which part of a refused SSN or
NI number of the right shape is never issued (Q-3), by python-stdnum's rules for an SSN."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.country_data import id_number
from app.errors import ValidationError
from app.i18n import set_language
from app.importer import import_file
from app.models import User
from app.office import create_office

TODAY = dt.date(2026, 11, 28)
HEAD = "borrower_no,name,id_number,phone,segment"


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


def _import(db, path: Path, *rows: str, dry_run: bool) -> list[tuple[int, str]]:
    path.write_text("\n".join((HEAD, *rows)) + "\n", encoding="utf-8")
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        report = import_file(s, actor, "borrowers", path, today=TODAY, dry_run=dry_run)
        return [(e.row, e.message) for e in report.errors]


@pytest.fixture
def lang():
    yield set_language
    set_language("en")


US = ("us", "America/New_York", "USD", "512-34-7788", "(212) 555-01", "***-**-7788")
UK = ("uk", "Europe/London", "GBP", "AB 12 34 56 C", "07712 3456", "** ** ** 56 C")


@pytest.mark.parametrize(
    ("office", "en", "zh"),
    [
        (US, "Social Security number", "社会安全号"),
        (UK, "National Insurance number", "国民保险号"),
    ],
)
def test_duplicate_id_messages_name_the_offices_number(db, tmp_path, lang, office, en, zh):
    rules, zone, currency, nid, phone, shown = office
    _office(db, rules, zone, currency)
    assert _import(db, tmp_path / "a.csv", f"B1,Ann Lee,{nid},{phone}11,young", dry_run=False) == []
    rows = (f"B2,Bob Lee,{nid},{phone}12,young", f"B3,Cat Lee,{nid},{phone}13,young")
    assert _import(db, tmp_path / "b.csv", *rows, dry_run=True) == [
        (2, f"{en} {shown} already belongs to borrower B1 in Casedesk."),
        (3, f"{en} {shown} is also on row 2 (borrower B2)."),
        (3, f"{en} {shown} already belongs to borrower B1 in Casedesk."),
    ]
    lang("zh_CN")
    said = _import(db, tmp_path / "b.csv", *rows, dry_run=True)
    assert said[:2] == [
        (2, f"{zh} {shown} 在 Casedesk 中已属于借款人 B1。"),
        (3, f"{zh} {shown} 也出现在第 2 行（借款人 B2）。"),
    ]
    assert not any("身份证" in message for _, message in said)
    blank = _import(db, tmp_path / "c.csv", f"B4,Dan Lee,,{phone}14,young", dry_run=True)
    assert blank == [(2, f"缺少{zh}。")]


def test_a_shared_phone_names_the_other_borrowers_ssn(db, tmp_path, lang) -> None:
    _office(db, "us", "America/New_York", "USD")
    rows = (
        "B1,Ann Lee,512-34-7788,(212) 555-0111,young",
        "B2,Bob Lee,512-34-7789,(212) 555-0111,young",
    )
    said = _import(db, tmp_path / "a.csv", *rows, dry_run=True)
    assert "for borrower B1 (Social Security number ***-**-7788)." in said[0][1]
    lang("zh_CN")
    said = _import(db, tmp_path / "a.csv", *rows, dry_run=True)
    assert "借款人 B1（社会安全号 ***-**-7788）" in said[0][1] and "身份证" not in said[0][1]


def _refusal(value: str, country: str, lang: str = "en") -> str:
    with pytest.raises(ValidationError) as caught:
        id_number(value, country)
    return caught.value.translated(lang)


@pytest.mark.parametrize(
    ("value", "part", "zh"),
    [
        (
            "000-12-3456",
            "the area number (its first three digits) is never 000, 666 or 900–999",
            "区域号（前三位）",
        ),
        ("666-12-3456", "the area number", "区域号"),
        ("912-12-3456", "the area number", "区域号"),
        (
            "123-00-3456",
            "the group number (its middle two digits) is never 00",
            "组号（中间两位）从不为 00",
        ),
        (
            "123-45-0000",
            "the serial number (its last four digits) is never 0000",
            "序列号（后四位）从不为 0000",
        ),
        ("078-05-1120", "it is a sample number", "示例号码"),
    ],
)
def test_a_refused_ssn_names_the_part_never_issued(value, part, zh) -> None:
    said = _refusal(value, "US")
    assert said.startswith(f"******{value[-3:]} is not a Social Security number ever issued: ")
    assert part in said and "9 digits" not in said
    assert zh in _refusal(value, "US", "zh_CN") and "社会安全号" in _refusal(value, "US", "zh_CN")


def test_an_ssn_of_the_wrong_shape_still_gets_the_shape_message() -> None:
    assert _refusal("12345678", "US").startswith("Not a US Social Security number (9 digits")
    assert id_number("512-34-7788", "US") == "512347788"


@pytest.mark.parametrize(
    ("value", "part", "zh"),
    [
        (
            "QQ 12 34 56 C",
            "its two prefix letters are never D, F, I, Q, U or V",
            "开头两个字母从不是 D",
        ),
        ("DA 12 34 56 A", "its two prefix letters are never D", "第二个字母也从不是 O"),
        ("AO 12 34 56 A", "and the second is never O", "第二个字母也从不是 O"),
        ("BG 12 34 56 C", "its prefix is never BG, GB, KN, NK, NT, TN or ZZ", "BG、GB、KN"),
        ("AB 12 34 56 E", "its last letter, the suffix, is always A, B, C or D", "后缀"),
    ],
)
def test_a_refused_ni_number_names_the_part_never_issued(value, part, zh) -> None:
    said = _refusal(value, "GB")
    assert part in said and "as AB 12 34 56 C" not in said
    assert zh in _refusal(value, "GB", "zh_CN") and "国民保险号" in _refusal(value, "GB", "zh_CN")


def test_an_ni_number_of_the_wrong_shape_still_gets_the_shape_message() -> None:
    assert _refusal("AB 12 34 5 C", "GB").startswith("Not a UK National Insurance number (two")
    assert id_number("jk123456c", "GB") == "JK123456C"
