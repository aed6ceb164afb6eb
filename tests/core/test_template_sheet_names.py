"""A Chinese import template names its sheet in Chinese (QA s47: "borrowers", "loans",
"training"), an English one as before; the import still reads the right sheet, by its header,
and finds a formula without a saved value on a sheet named in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.auth import add_user
from app.importer import import_file, write_template
from app.models import User
from app.office import create_office

TODAY = dt.date(2026, 11, 28)
CHINESE = {
    "borrowers": "借款人",
    "loans": "贷款",
    "schedule": "还款计划",
    "payments": "还款记录",
    "training": "培训记录",
}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
    return db


def _import(db, kind: str, path: Path):  # type: ignore[no-untyped-def]
    with db.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, kind, path, today=TODAY, dry_run=True)


@pytest.mark.parametrize("kind", list(CHINESE))
def test_a_templates_sheet_is_named_in_its_language(tmp_path: Path, kind: str) -> None:
    zh = write_template(kind, tmp_path / f"{kind}-zh.xlsx", "zh_CN")
    en = write_template(kind, tmp_path / f"{kind}-en.xlsx", "en")
    assert openpyxl.load_workbook(zh).sheetnames == [CHINESE[kind]]
    assert openpyxl.load_workbook(en).sheetnames == [kind]


def test_the_chinese_template_imports_from_its_sheet_among_others(office, tmp_path: Path) -> None:
    path = write_template("borrowers", tmp_path / "借款人模板.xlsx", "zh_CN")
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("说明", 0)  # a notes sheet first, as lenders keep one
    notes.append(["填写说明：每行一位借款人"])
    book.save(path)
    report = _import(office, "borrowers", path)
    assert report.ok and report.new == 1, [p.message for p in report.errors]
    # a formula never calculated in the 借款人 sheet is found there, and said as such
    book = openpyxl.load_workbook(path)
    book["借款人"]["B2"] = '=CONCAT("张","伟")'
    book.save(path)
    report = _import(office, "borrowers", path)
    assert not report.ok and report.errors[0].row == 2
    assert "formula" in report.errors[0].message, report.errors[0].message
