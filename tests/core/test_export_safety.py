"""Exports and the import's rejected rows never destroy what they are given: the open database
and its companions, the files being imported; text that a spreadsheet would run as a formula is
written as text; a file's name and its format agree; each imported file's rows keep their own
headers in the rejected rows' CSV."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import audit
from app.auth import add_user
from app.errors import ValidationError
from app.export import export_audit_trail, export_rows
from app.export_kinds import TextFilter
from app.importer import import_file, write_errors_csv
from app.models import AuditEntry, Borrower, User
from app.office import create_office
from tests.core import importer_files as f
from tests.office_day import office_today

TODAY = dt.date(2026, 11, 28)
HYPERLINK = '=HYPERLINK("http://x","a")'
DANGEROUS = [HYPERLINK, "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|x"]


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
    return db


def _user(s, name: str = "admin") -> User:
    return s.scalar(select(User).where(User.username == name))


def _import(db, kind: str, path: Path, **kw):
    with db.session(write_lock=True) as s:
        return import_file(s, _user(s), kind, path, today=TODAY, **kw)


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _entries(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 1. never over the open database ----------------------------------------------------------


@pytest.mark.sqlite_only  # the database's own file
def test_an_export_never_writes_over_the_open_database_or_its_files(office, tmp_path) -> None:
    """`export queue office.db --format csv` replaced the office with a CSV file."""
    db_file = Path(office.path)
    before, entries = db_file.read_bytes(), _entries(office)
    (tmp_path / "link.csv").symlink_to(db_file)
    targets = [db_file, *(Path(f"{db_file}{end}") for end in ("-wal", "-shm", "-journal"))]
    targets += [Path(f"{db_file}.lock"), tmp_path / "sub" / ".." / db_file.name]
    targets += [tmp_path / "link.csv"]
    listing = _listing(tmp_path)
    for target in targets:
        for fmt in ("csv", "xlsx", None):
            with office.session() as s, pytest.raises(ValidationError) as refused:
                export_rows(s, _user(s), "queue", target, fmt=fmt)
            assert "it is the open database or one of its files" in str(refused.value)
        with office.session() as s, pytest.raises(ValidationError, match="open database"):
            export_audit_trail(s, _user(s), TODAY, TODAY, target, fmt="csv")
    assert _listing(tmp_path) == listing  # no partial file left beside it
    assert db_file.read_bytes() == before and _entries(office) == entries
    with office.session() as s:  # still the office, whole
        assert _user(s).username == "admin"


@pytest.mark.sqlite_only
def test_the_refusal_is_translated(office, tmp_path) -> None:
    from app.i18n import set_language

    with office.session() as s, pytest.raises(ValidationError) as refused:
        export_rows(s, _user(s), "queue", Path(office.path), fmt="csv")
    set_language("zh_CN")
    try:
        assert "数据库" in refused.value.translated() and "Not writing" not in (
            refused.value.translated()
        )
    finally:
        set_language(None)


# --- 2. formulas stay text --------------------------------------------------------------------


def _formula_borrowers(office, tmp_path) -> None:
    rows = f.borrowers(len(DANGEROUS))
    for row, text in zip(rows, DANGEROUS, strict=True):
        row[1] = text  # the name
    rows[0][4] = "=1+2"  # an address
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok, report.errors


def test_imported_formulas_are_exported_as_text(office, tmp_path) -> None:
    """A borrower named `=HYPERLINK(…)` came out as a live formula in XLSX and raw in CSV."""
    _formula_borrowers(office, tmp_path)
    with office.session() as s:
        flt = TextFilter()
        export_rows(s, _user(s), "borrowers", tmp_path / "out.csv", filters=flt)
        export_rows(s, _user(s), "borrowers", tmp_path / "out.xlsx", filters=flt)
        numbers = {b.name: b.borrower_no for b in s.scalars(select(Borrower))}
    rows = _csv(tmp_path / "out.csv")
    names = {r[0]: r[1] for r in rows[1:]}
    for text in DANGEROUS:
        assert names[numbers[text]] == "'" + text  # OWASP: a quote makes it text
    phones = [r[4] for r in rows[1:]]
    assert phones and all(p.startswith("+86 ") for p in phones)  # phone digits are no formula

    book = load_workbook(tmp_path / "out.xlsx")
    cells = {r[0].value: r[1] for r in book.active.iter_rows(min_row=2)}
    for text in DANGEROUS:
        cell = cells[numbers[text]]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def test_numbers_stay_numbers_and_only_text_is_neutralised(tmp_path) -> None:
    from app.export_safety import csv_text, formula_like
    from app.export_writers import write_csv, write_xlsx

    row = [Decimal("-12.50"), -3, "-12.50", "+8613812345671", "+86 151****8078", "-", "a-b", "=1"]
    assert write_csv(tmp_path / "n.csv", list("abcdefgh"), iter([row])) == 1
    # A phone Excel would read as a number is ="…" (tests/core/test_export_identifiers.py).
    assert _csv(tmp_path / "n.csv")[1] == [
        "-12.50", "-3", "-12.50", '="+8613812345671"', "+86 151****8078", "'-", "a-b", "'=1",
    ]  # fmt: skip
    assert write_xlsx(tmp_path / "n.xlsx", list("abcdefgh"), iter([row]), "t") == 1
    got = list(load_workbook(tmp_path / "n.xlsx").active.iter_rows(min_row=2))[0]
    assert [c.value for c in got] == [-12.5, -3, *row[2:]]
    assert [c.data_type for c in got] == ["n", "n", "s", "s", "s", "s", "s", "s"]
    assert got[0].number_format == "#,##0.00"
    for text in ("\t=1", "\r=1", " =1", "@x", "+x", "-x", "-1+A1"):
        assert formula_like(text) and csv_text(text) == "'" + text
    for text in ("", "x=1", "a@b", "12", "-1,234.50", "(138)1234"):
        assert not formula_like(text) and csv_text(text) == text


def test_the_audit_trail_export_writes_formulas_as_text(office, tmp_path) -> None:
    with office.session() as s:
        audit.record(s, _user(s), "borrower.note", "borrower", HYPERLINK, {"note": "=1+2"})
    today = office_today()  # the trail's days are the office's
    with office.session() as s:
        export_audit_trail(s, _user(s), today, today, tmp_path / "t.csv")
        export_audit_trail(s, _user(s), today, today, tmp_path / "t.xlsx")
        export_rows(s, _user(s), "audit", tmp_path / "list.csv")
    rows = [r for r in _csv(tmp_path / "t.csv") if r[3] == "borrower.note"]
    assert [r[5] for r in rows] == ["'" + HYPERLINK]
    sheet = load_workbook(tmp_path / "t.xlsx").active
    cells = [r for r in sheet.iter_rows() if r[3].value == "borrower.note"]
    assert [(c[5].value, c[5].data_type) for c in cells] == [(HYPERLINK, "s")]
    listed = [r for r in _csv(tmp_path / "list.csv") if r[6] == "borrower.note"]
    assert [r[8] for r in listed] == ["'" + HYPERLINK]


# --- 3. the name says the format --------------------------------------------------------------


def test_the_file_name_and_the_format_agree(office, tmp_path) -> None:
    """`export queue q1.csv --format xlsx` wrote a workbook named .csv; `-o a1` wrote CSV."""
    refusals = {
        ("q1.csv", "xlsx"): "q1.csv ends in .csv but the format asked for is xlsx",
        ("q1.xlsx", "csv"): "q1.xlsx ends in .xlsx but the format asked for is csv",
        ("q1.db", "csv"): "q1.db ends in .db but the format asked for is csv",
        ("a1", None): "a1 does not end in .csv or .xlsx",
        ("q1.txt", None): "Unknown export format txt",
    }
    out = tmp_path / "out"
    out.mkdir()
    for (name, fmt), message in refusals.items():
        with office.session() as s, pytest.raises(ValidationError, match=message):
            export_rows(s, _user(s), "queue", out / name, fmt=fmt)
        today = office_today()  # the trail's days are the office's
        with office.session() as s, pytest.raises(ValidationError, match=message):
            export_audit_trail(s, _user(s), today, today, out / name, fmt=fmt)
    assert _listing(out) == []
    with office.session() as s:
        assert export_rows(s, _user(s), "queue", out / "Q.XLSX", fmt="xlsx").format == "xlsx"
        assert export_rows(s, _user(s), "queue", out / "q.csv", fmt="CSV").format == "csv"
    assert (out / "Q.XLSX").read_bytes()[:2] == b"PK"


# --- 4. the rejected rows: each file under its own headers -------------------------------------


def _rejected_loans(office, tmp_path):
    _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(3)))
    loans = f.loans(3)
    loans[1][1] = "B999999"  # no such borrower
    plan = f.schedule(3)
    plan[30][3] = "abc"  # loan 3's seventh principal
    loans_file = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, loans)
    plan_file = f.write_csv(tmp_path / "plan.csv", f.SCHEDULE_ZH, plan)
    report = _import(office, "loans", loans_file, schedule=plan_file)
    assert {p.file for p in report.errors} == {"loans.csv", "plan.csv"}
    return report, loans_file, plan_file


def test_rejected_rows_of_loans_and_schedule_keep_their_own_headers(office, tmp_path) -> None:
    """The schedule's rows came under the loans file's headers."""
    report, *_ = _rejected_loans(office, tmp_path)
    lines = _csv(write_errors_csv(report, tmp_path / "rejected.csv"))
    blank = lines.index([])
    loans_part, plan_part = lines[:blank], lines[blank + 1 :]
    assert loans_part[0] == ["File", "Row", "Problems", *f.LOAN_ZH]
    assert plan_part[0] == ["File", "Row", "Problems", *f.SCHEDULE_ZH]
    assert {r[0] for r in loans_part[1:]} == {"loans.csv"}
    assert {r[0] for r in plan_part[1:]} == {"plan.csv"}
    row = next(r for r in plan_part[1:] if r[1] == "32")
    as_read = dict(zip(plan_part[0], row, strict=True))
    assert (as_read["贷款编号"], as_read["期次"], as_read["应还本金"]) == ("L000003", "7", "abc")
    row = next(r for r in loans_part[1:] if r[1] == "3")
    assert dict(zip(loans_part[0], row, strict=True))["借款人编号"] == "B999999"


@pytest.mark.sqlite_only
def test_rejected_rows_never_go_over_the_database_or_an_imported_file(office, tmp_path) -> None:
    report, loans_file, plan_file = _rejected_loans(office, tmp_path)
    db_file = Path(office.path)
    kept = {p: p.read_bytes() for p in (loans_file, plan_file, db_file)}
    targets = {
        db_file: "open database",
        Path(f"{db_file}-wal"): "open database",
        loans_file: "a file being imported",
        plan_file: "a file being imported",
        tmp_path / "x" / ".." / "plan.csv": "a file being imported",
        tmp_path / "rejected.xlsx": "name the file .csv, not rejected.xlsx",
        tmp_path / "rejected": "name the file .csv, not rejected",
    }
    for target, message in targets.items():
        with pytest.raises(ValidationError, match=message):
            write_errors_csv(report, target, database=db_file, sources=[loans_file, plan_file])
    assert {p: p.read_bytes() for p in kept} == kept
    assert not (tmp_path / "rejected.xlsx").exists() and not (tmp_path / "rejected").exists()


def test_rejected_rows_write_formulas_as_text(office, tmp_path) -> None:
    rows = f.borrowers(2)
    rows[0][1], rows[0][3] = HYPERLINK, "=1+2"  # a formula name and a phone that is no mobile
    path = f.write_csv(tmp_path / "=b.csv", f.BORROWER_ZH, rows)
    report = _import(office, "borrowers", path)
    assert not report.ok
    lines = _csv(write_errors_csv(report, tmp_path / "rejected.csv"))
    assert lines[1][:2] == ["'=b.csv", "2"]
    # The ID number as Excel keeps it: ="…" (tests/core/test_export_identifiers.py)
    assert lines[1][3:6] == [rows[0][0], "'" + HYPERLINK, f'="{rows[0][2]}"']
    assert lines[1][6] == "'=1+2"
