"""A workbook as a Chinese clerk types it: ID numbers, phones and terms in full-width digits
(输入法全角), ideographic spaces inside an ID, spaces around cells, a title row above the header,
an empty row at the bottom and a notes sheet. The numbers import as the same ASCII numbers; an
ID Excel turned into 1.10105E+17 stays a row problem, never a wrong number."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from app.importer import import_file
from app.models import Borrower, Loan, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
    return db


def _import(db, kind, path):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY)


def _book(path, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["借款人台账（2026年11月）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append([None] * len(header))
    sheet.append(["", " ", None])
    book.create_sheet("说明").append(["身份证号请设为文本格式"])
    book.save(path)
    return path


def test_full_width_ids_phones_and_terms_import_as_ascii(office, tmp_path):
    rows = f.borrowers(4)
    ids = [r[2] for r in rows]
    rows[0][2] = ids[0].translate(WIDE)
    rows[1][2] = f" {ids[1][:6]}\u3000{ids[1][6:14]}\u3000{ids[1][14:]} "
    rows[2][3] = rows[2][3].translate(WIDE)
    rows[3][2] = "\u3000" + ids[3] + "\u3000"
    report = _import(office, "borrowers", _book(tmp_path / "b.xlsx", f.BORROWER_ZH, rows))
    assert report.ok and report.new == 4, [(p.row, p.message) for p in report.errors]
    with office.session() as s:
        stored = list(s.scalars(select(Borrower.national_id).order_by(Borrower.borrower_no)))
    assert stored == ids

    loans = f.loans(2)
    loans[0][5] = "１２"
    loans[1][5] = "１２个月"
    report = _import(office, "loans", _book(tmp_path / "l.xlsx", f.LOAN_ZH, loans))
    assert report.ok and report.new == 2, [(p.row, p.message) for p in report.errors]
    with office.session() as s:
        assert set(s.scalars(select(Loan.term_months))) == {12}


def test_an_id_excel_made_a_number_stays_a_row_problem(office, tmp_path):
    rows = f.borrowers(3)
    rows[1][2] = float(rows[1][2][:15] + "000")  # shown by Excel as 1.10105E+17
    rows[2][2] = rows[2][2][:15].translate(WIDE) + "０００"
    report = _import(office, "borrowers", _book(tmp_path / "b.xlsx", f.BORROWER_ZH, rows))
    assert [(p.row, p.column) for p in report.errors] == [(4, "身份证号"), (5, "身份证号")]
    assert "stored as a number" in report.errors[0].message
    assert "ends in 000" in report.errors[1].message
    with office.session() as s:
        assert s.scalar(select(Borrower.id)) is None
