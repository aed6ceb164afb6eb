"""A branch admin's first day, importing the loan book a small lender's core system exports:
amounts Excel computed (stored with float noise), long numbers Excel turned into numbers, terms
written with their unit. Real database files, real workbooks."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.importer import cell_amounts, cells, import_file
from app.models import Borrower, Loan, Payment, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
    return db


def _import(db, kind, path, **kw):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY, **kw)


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _problems(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def excel_xlsx(path: Path, header: list[str], rows: list[list[Any]], raw: dict[str, str]) -> Path:
    """A workbook whose number cells hold what Excel itself writes: a computed amount keeps its
    17 significant digits (=100.1+200.2 is stored as 300.29999999999995, shown as 300.30), a
    long number typed in a number cell becomes 2.0260305000123456E+17. `raw` maps a placeholder
    number written by openpyxl to the text Excel would have stored."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for placeholder, stored in raw.items():
                    assert f"<v>{placeholder}</v>" in text
                    text = text.replace(f"<v>{placeholder}</v>", f"<v>{stored}</v>")
                data = text.encode()
            target.writestr(item, data)
    plain.unlink()
    return path


def _book(db, tmp_path, count: int = 3) -> None:
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(count))
    loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(count))
    assert _import(db, "borrowers", borrowers).imported
    assert _import(db, "loans", loans).imported


def test_amounts_excel_computed_import_as_the_sheet_shows_them(office, tmp_path):
    _book(office, tmp_path)
    path = excel_xlsx(
        tmp_path / "还款流水.xlsx",
        f.PAYMENT_ZH,
        [
            ["L000001", "2026-11-20", 111111, "TX1", "转账"],
            ["L000002", "2026-11-20", 222222, "TX2", "转账"],
        ],
        {"111111": "300.29999999999995", "222222": "1070.6000000000001"},
    )
    preview = _import(office, "payments", path, dry_run=True)
    assert [row[2] for row in preview.sample[path.name]] == ["300.3", "1070.6"]  # as Excel shows
    report = _import(office, "payments", path)
    assert report.ok, _problems(report)
    with office.session() as s:
        amounts = dict(s.execute(select(Payment.reference, Payment.amount)).all())
    assert amounts == {"TX1": 30_030, "TX2": 107_060}


def test_excel_noise_is_not_taken_for_a_third_decimal():
    assert cell_amounts.amount(0.1 + 0.2) == 30
    assert cell_amounts.rate_bp(0.1 + 0.025) == 1250
    assert cells.whole(12.000000000000002) == 12
    with pytest.raises(Exception, match="two decimal places"):
        cell_amounts.amount(1070.605)  # a real third decimal is still refused


def test_long_numbers_excel_turned_into_numbers_are_refused_not_imported_wrong(office, tmp_path):
    # An 18-digit loan number in a number cell: Excel keeps 2.0260305000123456E+17, and the
    # number it would have been imported under is not the lender's.
    rows = f.borrowers(2)
    rows[0][0] = 999_999
    path = excel_xlsx(
        tmp_path / "借款人.xlsx", f.BORROWER_ZH, rows, {"999999": "2.0260305000123456E+17"}
    )
    report = _import(office, "borrowers", path)
    assert not report.imported and _count(office, Borrower) == 0
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "借款人编号")]
    assert "Excel has dropped its last digits" in report.errors[0].message
    assert "2.02603E+17" in report.errors[0].message

    _book(office, tmp_path)
    # The same number saved from Excel as CSV: the text Excel shows.
    payments = f.write_csv(
        tmp_path / "p.csv",
        f.PAYMENT_ZH,
        [
            ["L000001", "2026-11-20", "500.00", "1.23457E+19", "转账"],
            ["2.02603E+17", "2026-11-20", "500.00", "TX2", "转账"],
            ["L000002", "2026-11-20", "500.00", "TX2026E01", "转账"],  # a lender's own reference
        ],
    )
    report = _import(office, "payments", payments)
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "流水号"), (3, "贷款编号")]
    assert _count(office, Payment) == 0

    loans = f.loans(1, start=9)
    loans[0][0] = "2.02603E+17"
    report = _import(office, "loans", f.write_csv(tmp_path / "l9.csv", f.LOAN_ZH, loans))
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "贷款编号"), (2, "借款人编号")]


def test_a_term_written_with_its_unit_is_read(office, tmp_path):
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(3))
    assert _import(office, "borrowers", borrowers).imported
    rows = f.loans(3)
    rows[0][5], rows[1][5], rows[2][5] = "12期", "12个月", "12 months"
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, rows))
    assert report.imported, _problems(report)
    with office.session() as s:
        assert set(s.scalars(select(Loan.term_months))) == {12}
    rows[0][5] = "12周"
    report = _import(office, "loans", f.write_csv(tmp_path / "l2.csv", f.LOAN_ZH, rows))
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "期数")]


def test_the_sheet_holding_the_list_is_read_in_a_workbook_of_several(office, tmp_path):
    # One workbook for the whole book, a notes sheet first: each import reads its own sheet.
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本工作簿由核心系统导出，请勿修改表头。"])
    for title, header, rows in (
        ("借款人", f.BORROWER_ZH, f.borrowers(3)),
        ("贷款", f.LOAN_ZH, f.loans(3)),
        ("还款", f.PAYMENT_ZH, [["L000001", "2025-02-10", "1,000.00", "TX1", "转账"]]),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "贷款台账.xlsx"
    book.save(path)
    for kind in ("borrowers", "loans", "payments"):
        report = _import(office, kind, path)
        assert report.imported and report.new == (1 if kind == "payments" else 3), (
            kind,
            _problems(report),
        )
    assert _count(office, Loan) == 3 and _count(office, Payment) == 1


def test_tab_separated_text_and_old_xls_files(office, tmp_path):
    text = "\r\n".join(
        "\t".join(row) for row in [f.BORROWER_ZH[:4], *(r[:4] for r in f.borrowers(2))]
    )
    tsv = tmp_path / "客户清单.txt"
    tsv.write_bytes(text.encode("gb18030"))
    report = _import(office, "borrowers", tsv)
    assert report.imported and report.new == 2, _problems(report)

    xls = tmp_path / "贷款台账.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 (Excel 97) header
    report = _import(office, "loans", xls)
    assert [(p.row, p.column) for p in report.errors] == [(0, "")]
    assert "save it as an Excel workbook (.xlsx)" in report.errors[0].message


def test_headers_with_their_unit_in_brackets_are_read(office, tmp_path):
    # Core systems write the unit after the header. The rate column went unread, so every loan
    # was booked silently at the product's default rate instead of the file's.
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    assert _import(office, "borrowers", borrowers).imported
    header = ["借据号", "客户编号", "产品", "贷款金额（元）", "年化利率(%)", "期限(月)", "放款日期"]
    rows = [
        [f"L00000{n}", f"B00000{n}", "PCL", "10,000.00", "18.88", "12", "2025/1/10"] for n in (1, 2)
    ]
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", header, rows))
    assert report.imported, _problems(report)
    with office.session() as s:
        assert set(s.scalars(select(Loan.annual_rate_bp))) == {1888}
    payments = f.write_csv(
        tmp_path / "p.csv",
        ["借据号", "交易日期", "交易金额（元）", "交易流水号"],
        [["L000001", "2025-02-10", "1,000.00", "TX1"]],
    )
    assert _import(office, "payments", payments).imported
    # A unit that changes the figures is not taken for the column: 本金（万元） is not 本金.
    header[3] = "贷款金额（万元）"
    report = _import(office, "loans", f.write_csv(tmp_path / "l2.csv", header, rows))
    assert not report.imported and "本金/principal" in report.errors[0].message


def test_the_cli_lists_problems_with_chinese_punctuation(
    template_db, tmp_path, monkeypatch, capsys
):
    from app.cli.main import main
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with database.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin-1")
    database.close()
    for name, value in (
        ("CASEDESK_DB_KEY", TEST_KEY),
        ("CASEDESK_USER", "admin"),
        ("CASEDESK_PASSWORD", "pw-admin-1"),
    ):
        monkeypatch.setenv(name, value)
    rows = f.loans(1)
    path = f.write_csv(tmp_path / "贷款.csv", f.LOAN_ZH, rows)
    args = ["--lang", "zh_CN", "--db", str(tmp_path / "office.db"), "import", "loans", str(path)]
    assert main(args) == 1
    err = capsys.readouterr().err
    # As `training import` says it: 第 2 行，借款人编号：… — not a stray ASCII ': '.
    assert "贷款.csv，第 2 行，借款人编号：未知的借款人 B000001" in err, err


def test_a_date_that_cannot_be_read_says_how_to_write_it(office, tmp_path):
    _book(office, tmp_path)
    payments = f.write_csv(
        tmp_path / "p.csv",
        f.PAYMENT_ZH,
        [
            ["L000001", "2/10/2025", "100.00", "TX1", "转账"],  # month first: 2 October?
            ["L000002", "2025-02-30", "100.00", "TX2", "转账"],
            ["L000003", "2025/2/10 9:30", "100.00", "TX3", "转账"],  # a timestamp reads
        ],
    )
    report = _import(office, "payments", payments)
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "还款日期"), (3, "还款日期")]
    assert "write it year first, as 2026-03-05" in report.errors[0].message
    assert report.errors[1].message == "There is no such date: 2025-02-30."


def test_amounts_and_dates_typed_in_full_width_are_read():
    # A ledger kept by hand with the input method in full-width mode.
    assert cell_amounts.amount("1，000.00") == 100_000
    assert cell_amounts.amount("￥1，070．60") == 107_060
    assert cells.date("2026－03－05") == dt.date(2026, 3, 5)
    assert cells.date("２０２６／３／５") == dt.date(2026, 3, 5)


def test_a_schedule_numbering_its_instalments_as_printed(office, tmp_path):
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    assert _import(office, "borrowers", borrowers).imported
    rows = f.schedule(2)
    for row in rows:
        row[1] = f"第{row[1]}期"  # 还款计划表 prints 第1期 … 第12期
    schedule = f.write_csv(tmp_path / "s.csv", f.SCHEDULE_ZH, rows)
    loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(2))
    report = _import(office, "loans", loans, schedule=schedule)
    assert report.imported and report.details["instalments"] == 24, _problems(report)
