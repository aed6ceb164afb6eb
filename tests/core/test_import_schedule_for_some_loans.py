"""A lender's loans export as it comes: instalments for some of its loans only (the loan left
without rows in the schedule file is told how to import it, apart, its instalments made from its
terms, and that way it imports), and a product cell left empty, said to be missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.i18n import set_language
from app.importer import import_file
from app.models import Loan, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)


def _import(db, kind: str, path: Path, schedule: Path | None = None):
    with db.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, kind, path, schedule=schedule, today=TODAY)


def test_a_loan_without_schedule_rows_is_told_the_way_to_import_it(db, tmp_path: Path) -> None:
    with db.session() as s:
        create_office(s, name="浦东营业部", admin_username="admin", admin_password="pw-admin")
    people = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(2))
    assert _import(db, "borrowers", people).ok
    book = f.write_csv(tmp_path / "借据.csv", f.LOAN_ZH, f.loans(2))
    plan = f.write_csv(tmp_path / "还款计划.csv", f.SCHEDULE_ZH, f.schedule(1))
    set_language("zh_CN")
    try:
        report = _import(db, "loans", book, plan)
    finally:
        set_language("en")
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (
            3,
            "贷款编号",
            "贷款 L000002 在还款计划文件中没有任何行：请在还款计划文件中补上其各期，或将其单独"
            "放在一个文件中导入、不附还款计划文件（各期将按其利率、期数和日期生成）。",
        )
    ]
    # as told: the first with its schedule, the second from a file of its own
    first = f.write_csv(tmp_path / "借据1.csv", f.LOAN_ZH, f.loans(1))
    second = f.write_csv(tmp_path / "借据2.csv", f.LOAN_ZH, f.loans(1, start=2))
    assert _import(db, "loans", first, plan).ok
    assert _import(db, "loans", second).ok
    with db.sessions() as s:
        assert s.scalar(select(func.count(Loan.id))) == 2


def test_an_empty_product_cell_is_said_to_be_missing(db, tmp_path: Path) -> None:
    """Not "Unknown loan product ; use a product code (…)", a riddle about an empty cell."""
    with db.session() as s:
        create_office(s, name="浦东营业部", admin_username="admin", admin_password="pw-admin")
    people = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(1))
    assert _import(db, "borrowers", people).ok
    rows = f.loans(1)
    rows[0][2] = ""
    book = f.write_csv(tmp_path / "借据.csv", f.LOAN_ZH, rows)
    for lang, message in (
        (
            "en",
            "The product is missing; write its code or name: CRL (信用贷款, Credit loan); PCL "
            "(个人消费贷款, Personal consumer loan); SUL (创业贷款, Business start-up loan).",
        ),
        (
            "zh_CN",
            "缺少产品，请填写产品代码或名称：CRL（信用贷款，Credit loan）；PCL（个人消费贷款，"
            "Personal consumer loan）；SUL（创业贷款，Business start-up loan）。",
        ),
    ):
        set_language(lang)
        try:
            report = _import(db, "loans", book)
        finally:
            set_language("en")
        assert [(p.row, p.column, p.message) for p in report.errors] == [(2, "产品", message)]
