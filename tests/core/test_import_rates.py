"""A loans file's rates as clerks write them (QA qa11, finding 4): "0.5" is read as a fraction
(50%, as Excel stores a percent), so the check names every rate so read before Import; a Chinese
office is refused a rate above 36% a year and told of one above 24%. A US office's rates are not
capped here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.i18n import set_language
from app.importer import cell_amounts, import_file
from app.models import Loan, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)


def _office(db, rules="cn", zone="Asia/Shanghai", currency="CNY"):
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


def _import(db, kind, path, **kw):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY, **kw)


def _problems(report):
    return [(p.row, p.column, p.message) for p in report.errors]


def _loans(db, tmp_path: Path, rates: list[str], **kw):
    rows = f.borrowers(len(rates))
    assert _import(db, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)).ok
    loans = f.loans(len(rates))
    for row, rate in zip(loans, rates, strict=True):
        row[4] = rate
    return _import(db, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans), **kw)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("0.5", (5000, True)),
        ("0.125", (1250, True)),
        (0.125, (1250, True)),  # an Excel percent cell
        ("0.5%", (50, False)),
        ("1", (100, False)),
        ("12.5", (1250, False)),
        ("0", (0, False)),
    ],
)
def test_a_rate_is_read_as_before_and_says_whether_as_a_fraction(written, read):
    assert cell_amounts.rate_read(written) == read
    assert cell_amounts.rate_bp(written) == read[0]


def test_the_check_names_each_rate_read_as_a_fraction_or_above_24(db, tmp_path):
    _office(db)
    report = _loans(db, tmp_path, ["0.125", "12%", "0.3", "30%"], dry_run=True)
    assert report.ok and report.new == 4, _problems(report)
    assert report.rates_text() == (
        "Rates below 1 without a % sign were read as fractions, as Excel stores a percent: row "
        "2: 0.125 read as 12.50%; row 4: 0.3 read as 30.00%. If one means a per cent, write it "
        "with the sign (0.5%). Rates above 24% a year, which Chinese courts may not uphold: row "
        "4: 30.00%; row 5: 30.00%."
    )
    set_language("zh_CN")
    try:
        assert report.rates_text() == (
            "小于 1 且不带 % 号的利率按小数读取（Excel 即如此保存百分比）：第 2 行：0.125 读作 "
            "12.50%；第 4 行：0.3 读作 30.00%。如某个利率本意是百分数，请带上 % 号填写（如 "
            "0.5%）。年利率高于 24%，法院可能不予支持：第 4 行：30.00%；第 5 行：30.00%。"
        )
    finally:
        set_language("en")


def test_a_rate_above_36_is_refused_in_a_chinese_office(db, tmp_path):
    _office(db)
    report = _loans(db, tmp_path, ["0.5", "0.99", "1", "50%", "36%"])
    assert _problems(report) == [
        (
            2,
            "年利率",
            "0.5 was read as 50.00% a year (a value below 1 is read as a fraction, as Excel "
            "stores a percent), above the 36% a Chinese loan may carry: if it means 0.5%, write "
            "it so.",
        ),
        (
            3,
            "年利率",
            "0.99 was read as 99.00% a year (a value below 1 is read as a fraction, as Excel "
            "stores a percent), above the 36% a Chinese loan may carry: if it means 0.99%, "
            "write it so.",
        ),
        (
            5,
            "年利率",
            "The annual rate 50.00% is above the 36% a Chinese loan may carry: check the cell.",
        ),
    ]
    assert report.rates_text() == ""  # the problems come first
    set_language("zh_CN")
    try:
        report = _loans(db, tmp_path, ["0.5"], dry_run=True)
    finally:
        set_language("en")
    assert _problems(report) == [
        (
            2,
            "年利率",
            "0.5 读作年利率 50.00%（小于 1 的数按小数读取，Excel 即如此保存百分比），超过了国内贷款"
            "年利率 36% 的上限：如本意是 0.5%，请这样填写。",
        )
    ]


def test_a_booked_loan_above_36_is_compared_not_refused(db, tmp_path):
    """A loan booked at 50% by an earlier import: the same file again skips it, as before."""
    _office(db)
    assert _loans(db, tmp_path, ["12%"]).ok
    with db.session() as s:
        s.execute(update(Loan).values(annual_rate_bp=5000))
    report = _loans(db, tmp_path, ["0.5"])
    assert report.ok and (report.new, report.unchanged) == (0, 1), _problems(report)
    assert report.rates_text() == ""  # nothing new to read


def test_a_us_office_is_told_of_fractions_only(db, tmp_path):
    _office(db, "us", "America/New_York", "USD")
    rows = "\n".join(f"B{n},Jo Smith,{n}23-45-6789,(212) 555-013{n},young" for n in range(1, 3))
    borrowers = tmp_path / "b.csv"
    borrowers.write_text(f"borrower_no,name,id_number,mobile,segment\n{rows}\n", "utf-8")
    assert _import(db, "borrowers", borrowers).ok
    loans = tmp_path / "l.csv"
    loans.write_text(
        "loan_no,borrower_no,product,principal,annual_rate,term_months,disbursed_on\n"
        "L1,B1,PCL,1000,0.5,12,2026-01-15\nL2,B2,PCL,1000,45%,12,2026-01-15\n",
        "utf-8",
    )
    report = _import(db, "loans", loans)
    assert report.ok and report.new == 2, _problems(report)
    assert report.rates_text() == (
        "Rates below 1 without a % sign were read as fractions, as Excel stores a percent: row "
        "2: 0.5 read as 50.00%. If one means a per cent, write it with the sign (0.5%)."
    )


def test_an_unknown_product_is_told_with_each_products_code_and_names(db, tmp_path):
    """QA qa11, finding 5: 消费贷 was told the codes alone, though the names are read too."""
    _office(db)
    rows = f.borrowers(1)
    assert _import(db, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)).ok
    loans = f.loans(1)
    loans[0][2] = "消费贷"
    path = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)
    for lang, message in (
        (
            "en",
            "Unknown loan product 消费贷; write a product's code or name: CRL (信用贷款, Credit "
            "loan); PCL (个人消费贷款, Personal consumer loan); SUL (创业贷款, Business start-up "
            "loan).",
        ),
        (
            "zh_CN",
            "未知的贷款产品 消费贷；请填写产品代码或名称：CRL（信用贷款，Credit loan）；PCL（个人"
            "消费贷款，Personal consumer loan）；SUL（创业贷款，Business start-up loan）。",
        ),
    ):
        set_language(lang)
        try:
            report = _import(db, "loans", path)
        finally:
            set_language("en")
        assert _problems(report) == [(2, "产品", message)]
    loans[0][2] = "个人消费贷款"  # a name the message gives is read
    assert _import(db, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)).ok
