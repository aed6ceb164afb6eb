"""Files a clerk really brings: a workbook Excel still has open (Windows locks it), a workbook a
program wrote with formulas whose values were never saved, and a training list whose score
header carries its unit (得分（分）). Real database files, real workbooks."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.errors import ValidationError
from app.importer import import_file
from app.models import Borrower, Loan, TrainingRecord, User
from app.office import create_office
from app.training.importer import import_training
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
HELD_OPEN = (
    "Cannot open the file: another program has it open (Excel locks a workbook while it is "
    "open), or this account may not read it. Close it there and try again."
)
UNSAVED = (
    "The cell holds a formula whose value was never saved: open the file in Excel or WPS, save "
    "it, and import it again."
)


def held_open(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """As on Windows while Excel has these files open: opening one raises [Errno 13]. (The tests
    run as root, whom chmod 000 does not stop, so the opener itself refuses.)"""
    held = {os.fspath(p) for p in paths}
    real = io.open

    def refusing(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, str | os.PathLike) and os.fspath(file) in held:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", refusing)  # zipfile (openpyxl) and pathlib open through it
    monkeypatch.setattr(builtins, "open", refusing)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
    return db


def _actor(s, name: str = "admin") -> User:
    return s.scalar(select(User).where(User.username == name))


def _import(db, kind, path, **kw):
    with db.session(write_lock=True) as s:
        return import_file(s, _actor(s), kind, path, today=TODAY, **kw)


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _problems(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def _borrowers(db, tmp_path, count: int = 3) -> None:
    path = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(count))
    assert _import(db, "borrowers", path).imported


def _saved_by_excel(path: Path, values: dict[str, str]) -> Path:
    """The workbook as Excel saves it: each formula cell (by its place, e.g. "D3") with its value;
    a value of "" is a formula that came to empty text (t="str")."""
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    text = parts["xl/worksheets/sheet1.xml"].decode()
    for place, value in values.items():
        start = text.index(f'<c r="{place}"')
        end = text.index("</c>", start)
        cell = text[start:end].replace("<v />", f"<v>{value}</v>")
        if value == "":
            cell = cell.replace(f'<c r="{place}"', f'<c r="{place}" t="str"', 1)
        assert "<f>" in cell, cell
        text = text[:start] + cell + text[end:]
    parts["xl/worksheets/sheet1.xml"] = text.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


# --- a file another program holds open --------------------------------------------------------


@pytest.mark.parametrize("name", ["借款人.csv", "借款人.xlsx"])
def test_a_file_excel_holds_open_is_refused_in_one_clear_line(office, tmp_path, monkeypatch, name):
    rows = f.borrowers(3)
    path = (f.write_csv if name.endswith(".csv") else f.write_xlsx)(
        tmp_path / name, f.BORROWER_ZH, rows
    )
    held_open(monkeypatch, path)
    report = _import(office, "borrowers", path)
    assert _problems(report) == [(0, "", HELD_OPEN)]
    assert report.errors[0].file == name
    assert not report.imported and _count(office, Borrower) == 0


def test_a_schedule_file_excel_holds_open_is_named_as_the_one(office, tmp_path, monkeypatch):
    _borrowers(office, tmp_path)
    loans = f.write_csv(tmp_path / "贷款.csv", f.LOAN_ZH, f.loans(3))
    schedule = f.write_xlsx(tmp_path / "还款计划.xlsx", f.SCHEDULE_ZH, f.schedule(3))
    held_open(monkeypatch, schedule)
    report = _import(office, "loans", loans, schedule=schedule)
    assert [(p.file, p.row, p.message) for p in report.errors] == [("还款计划.xlsx", 0, HELD_OPEN)]
    assert _count(office, Loan) == 0


@pytest.mark.parametrize("name", ["training.csv", "training.xlsx"])
def test_a_training_file_held_open_is_refused_naming_it(office, tmp_path, monkeypatch, name):
    path = tmp_path / name
    header, row = ["用户名", "课程", "日期", "分数"], ["agent01", "COMM", "2026-03-01", "88"]
    (f.write_csv if name.endswith(".csv") else f.write_xlsx)(path, header, [row])
    held_open(monkeypatch, path)
    with office.session() as s, pytest.raises(ValidationError) as refused:
        import_training(s, _actor(s, "supervisor"), path, today=TODAY)
    assert str(refused.value) == HELD_OPEN.replace("the file", name)
    assert "无法打开 " + name in refused.value.translated("zh_CN")
    report = _import(office, "training", path)  # the import window's way in
    assert _problems(report) == [(0, "", HELD_OPEN)]
    assert _count(office, TrainingRecord) == 0


# --- formulas whose values were never saved ---------------------------------------------------


def test_an_amount_left_a_formula_without_its_value_is_told_so_not_missing(office, tmp_path):
    _borrowers(office, tmp_path)
    rows = f.loans(3)
    rows[1][3] = "=12000+200"  # openpyxl writes a formula without its value
    path = f.write_xlsx(tmp_path / "贷款.xlsx", f.LOAN_ZH, rows)
    report = _import(office, "loans", path)
    assert _problems(report) == [(3, "本金", UNSAVED)]
    assert list(report.rejected["贷款.xlsx"]) == [3]
    assert not report.imported and _count(office, Loan) == 0
    # the preview shows the cell as a formula, not as an empty cell beside "missing"
    second = report.sample["贷款.xlsx"][1]
    assert second[3] == "(formula, not calculated)" and report.sample["贷款.xlsx"][0][3] != ""


def test_the_same_workbook_saved_by_excel_imports(office, tmp_path):
    """With its values saved, formulas are read as Excel shows them; one that came to empty text
    (=IF(…,"",…)) is empty, not a formula without its value."""
    _borrowers(office, tmp_path)
    rows = f.loans(3)
    rows[1][3] = "=12000+200"
    rows[2][7] = '=IF(1,"","是")'  # 同意上门 (optional): came to ""
    path = f.write_xlsx(tmp_path / "贷款.xlsx", f.LOAN_ZH, rows)
    _saved_by_excel(path, {"D3": "12200", "H4": ""})
    report = _import(office, "loans", path)
    assert report.imported, _problems(report)
    with office.session() as s:
        assert s.scalar(select(Loan.principal).where(Loan.loan_no == "L000002")) == 1_220_000


def test_a_formula_in_an_optional_column_is_not_taken_for_a_blank(office, tmp_path):
    _borrowers(office, tmp_path)
    rows = f.loans(3)
    rows[0][4] = '=6*2&"%"'  # 年利率, optional: left blank it would be read as no rate
    path = f.write_xlsx(tmp_path / "贷款.xlsx", f.LOAN_ZH, rows)
    report = _import(office, "loans", path)
    assert _problems(report) == [(2, "年利率", UNSAVED)]


def test_a_row_of_formulas_alone_is_not_skipped_as_empty(office, tmp_path):
    rows = f.borrowers(2)
    rows.append(["=A2", "=B2", "=C2", "=D2", "", "", "", ""])
    path = f.write_xlsx(tmp_path / "借款人.xlsx", f.BORROWER_ZH, rows)
    report = _import(office, "borrowers", path)
    assert [(row, column) for row, column, _m in _problems(report)] == [
        (4, "借款人编号"),
        (4, "姓名"),
        (4, "身份证号"),
        (4, "手机号"),
    ]
    assert {m for _r, _c, m in _problems(report)} == {UNSAVED}


def test_a_training_score_left_a_formula_is_told_so(office, tmp_path):
    path = f.write_xlsx(
        tmp_path / "training.xlsx",
        ["用户名", "课程", "日期", "分数", "培训师"],
        [["agent01", "COMM", "2026-03-01", "=80+6", '="张"&"老师"']],
    )
    with office.session() as s:
        result = import_training(s, _actor(s, "supervisor"), path, today=TODAY)
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (2, "score", UNSAVED),
        (2, "trainer", UNSAVED),
    ]
    report = _import(office, "training", path)
    assert _problems(report) == [(2, "分数", UNSAVED), (2, "培训师", UNSAVED)]
    assert _count(office, TrainingRecord) == 0


# --- a header with its unit in brackets -------------------------------------------------------


@pytest.mark.parametrize("score", ["得分（分）", "分数(分)", "成绩 【分】", "score (points)"])
def test_a_training_score_header_may_carry_its_unit(office, tmp_path, score):
    rows = [["agent01", "COMM", "2026-03-01", "88"], ["agent01", "LAW", "2026-03-02", "75"]]
    path = f.write_csv(tmp_path / "training.csv", ["用户名", "课程", "日期", score], rows)
    with office.session() as s:
        dry = import_training(s, _actor(s, "supervisor"), path, dry_run=True, today=TODAY)
    assert dry.ok and len(dry.rows) == 2, dry.errors
    report = _import(office, "training", path)  # the import window's and the CLI's way in
    assert report.imported and report.new == 2, _problems(report)


def test_fen_is_no_unit_of_a_loan_book_amount(office, tmp_path):
    """金额（分） counts fen: read as yuan, as amounts are, it would be a hundred times too much."""
    path = f.write_csv(
        tmp_path / "还款.csv",
        ["贷款编号", "还款日期", "还款金额（分）", "流水号"],
        [["L000001", "2026-02-10", "107060", "T1"]],
    )
    report = _import(office, "payments", path)
    assert len(report.errors) == 1 and "还款金额/amount" in report.errors[0].message
    assert report.errors[0].row == 0
