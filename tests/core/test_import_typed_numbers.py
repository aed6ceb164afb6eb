"""Numbers in an import file as a clerk types them (QA qa11, findings 1 and 2): a mobile typed
partly in full-width digits is the same number, another script's digits are refused by name; a
borrower or loan number in full width or lower case is stored as the search reads it (QB0010),
found so by the next file, and two rows that differ only so are one record twice. Numbers stored
as written by earlier imports are still found, whatever their case."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.errors import ValidationError
from app.i18n import set_language
from app.importer import cells, import_file
from app.models import Borrower, Loan, Payment, Phone, User
from app.office import create_office
from app.queries.search import matching_borrowers
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
WIDE = str.maketrans("0123456789QBL", "０１２３４５６７８９ＱＢＬ")


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
    return db


def _import(db, kind, path, **kw):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, kind, path, today=TODAY, **kw)


def _problems(report):
    return [(p.row, p.column, p.message) for p in report.errors]


def test_a_mobile_typed_partly_in_full_width_is_stored_in_ascii():
    assert cells.mobile("138１２３４５６１4") == "+8613812345614"
    assert cells.mobile("+86 138-１２３４-５６１4") == "+8613812345614"
    assert cells.mobile("１３８１２３４５６１３") == "+8613812345613"


@pytest.mark.parametrize("typed", ["138٣٣٣٣٣٣٣٣", "138३३३३३३३३", "13812345601/139٣٣٣٣٣٣٣٣"])
def test_another_scripts_digits_in_a_mobile_are_refused_by_name(typed):
    with pytest.raises(ValidationError) as caught:
        cells.mobile(typed.split("/")[-1])
    assert caught.value.msgid == "Write numbers with the digits 0–9: {char} in {value} is not one."
    set_language("zh_CN")
    try:
        assert "0–9" in caught.value.translated() and "(U+" in caught.value.translated()
    finally:
        set_language("en")


def test_imported_mobiles_are_found_by_search(office, tmp_path):
    rows = f.borrowers(3)
    rows[0][3] = "138１２３４５６１4"
    rows[1][3] = "13812345601/139１２３４５６１4"
    rows[2][3] = "138٣٣٣٣٣٣٣٣"
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert [(r, c) for r, c, _m in _problems(report)] == [(4, "手机号")]
    assert "٣ (U+0663)" in report.errors[0].message
    del rows[2]
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok and report.new == 2, _problems(report)
    with office.session() as s:
        assert sorted(s.scalars(select(Phone.number))) == [
            "+8613812345601",
            "+8613812345614",
            "+8613912345614",
        ]
        assert len(list(s.scalars(matching_borrowers(s, "13812345614")))) == 1
        assert len(list(s.scalars(matching_borrowers(s, "13912345614")))) == 1


def test_borrower_and_loan_numbers_are_stored_as_the_search_reads_them(office, tmp_path):
    rows = f.borrowers(3)
    rows[0][0] = "ＱＢ0010"
    rows[1][0] = "qb0011"
    rows[2][0] = " Qb0012 "
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok and report.new == 3, _problems(report)
    loans = f.loans(3)
    for n, (loan_no, borrower_no) in enumerate(
        [("ＱＬ0010", "QB0010"), ("ql0011", "ＱＢ００１１"), ("QL0012", "qb0012")]
    ):
        loans[n][0], loans[n][1] = loan_no, borrower_no
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans))
    assert report.ok and report.new == 3, _problems(report)
    with office.session() as s:
        assert sorted(s.scalars(select(Borrower.borrower_no))) == ["QB0010", "QB0011", "QB0012"]
        assert sorted(s.scalars(select(Loan.loan_no))) == ["QL0010", "QL0011", "QL0012"]
        assert len(list(s.scalars(matching_borrowers(s, "QB0010")))) == 1
    payments = [
        ["ql0010", "2025-02-10", "100.00", "TX1", "转账"],
        ["ＱＬ0011", "2025-02-10", "100.00", "TX2", "转账"],
    ]
    report = _import(office, "payments", f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, payments))
    assert report.ok and report.new == 2, _problems(report)
    # The same files again, as typed: nothing new, nothing refused.
    for kind, name in (("borrowers", "b.csv"), ("loans", "l.csv"), ("payments", "p.csv")):
        report = _import(office, kind, tmp_path / name)
        assert report.ok and report.new == 0, (kind, _problems(report))


def test_two_rows_differing_only_in_case_or_width_are_one_record_twice(office, tmp_path):
    rows = f.borrowers(2)
    rows[0][0], rows[1][0] = "QB0200", "ｑｂ0200"
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert _problems(report) == [(3, "借款人编号", "Borrower number ｑｂ0200 is also on row 2.")]
    rows[1][0] = "QB0201"
    assert _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)).ok
    loans = f.loans(2)
    loans[0][:2] = ["QL0200", "QB0200"]
    loans[1][:2] = ["ql0200", "QB0201"]
    set_language("zh_CN")
    try:
        report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans))
    finally:
        set_language("en")
    assert _problems(report) == [(3, "贷款编号", "贷款 ql0200 也出现在第 2 行。")]


def test_numbers_stored_as_written_before_are_still_found(office, tmp_path):
    """Earlier imports kept a number's case: they are not rewritten, and a file naming them in
    either case finds them (as `payment post` does), never adds them again."""
    rows = f.borrowers(2)
    assert _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)).ok
    loans = f.loans(2)
    assert _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)).ok
    with office.session() as s:  # as an earlier import stored them
        s.execute(
            update(Borrower).where(Borrower.borrower_no == "B000001").values(borrower_no="b000001")
        )
        s.execute(update(Loan).where(Loan.loan_no == "L000001").values(loan_no="l000001"))
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok and (report.new, report.unchanged) == (0, 2), _problems(report)
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans))
    assert report.ok and (report.new, report.unchanged) == (0, 2), _problems(report)
    payments = [["L000001", "2025-02-10", "100.00", "TX1", "转账"]]
    report = _import(office, "payments", f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, payments))
    assert report.ok and report.new == 1, _problems(report)
    with office.session() as s:
        assert s.scalar(select(Loan.loan_no).join(Payment, Payment.loan_id == Loan.id)) == "l000001"
        assert sorted(s.scalars(select(Loan.loan_no))) == ["L000002", "l000001"]


def test_a_number_that_may_be_two_stored_ones_is_refused(office, tmp_path):
    rows = f.borrowers(2)
    assert _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)).ok
    loans = f.loans(2)
    assert _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)).ok
    with office.session() as s:  # two loans an earlier import kept apart by case alone
        s.execute(update(Loan).where(Loan.loan_no == "L000001").values(loan_no="lx1"))
        s.execute(update(Loan).where(Loan.loan_no == "L000002").values(loan_no="Lx1"))
    payments = [["lX1", "2025-02-10", "100.00", "TX1", "转账"]]
    report = _import(office, "payments", f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, payments))
    assert _problems(report) == [
        (2, "贷款编号", "lX1 may be any of Lx1, lx1 in Casedesk: write it exactly as stored.")
    ]
    payments[0][0] = "lx1"
    assert _import(office, "payments", f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, payments)).ok


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("  王　芳 ", "王芳"),
        ("王 𠮷 芳", "王𠮷芳"),
        ("ＬＩ　Ｍｉｎｇ", "LI Ming"),
        ("Li \u3000 Ming", "Li Ming"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("王 Fang", "王 Fang"),
    ],
)
def test_a_name_is_stored_in_half_width_without_padding(written, stored):
    """QA qa11, finding 6: 王　芳 (padded with an ideographic space) was not found as 王芳."""
    assert cells.person_name(written) == stored


def test_padded_names_are_found_and_a_file_imported_before_is_not_refused(office, tmp_path):
    rows = f.borrowers(3)
    rows[0][1], rows[1][1], rows[2][1] = "  王　芳 ", "ＬＩ　Ｍｉｎｇ", "李娜"
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    report = _import(office, "borrowers", path)
    assert report.ok and report.new == 3, _problems(report)
    with office.session() as s:
        names = {no: name for no, name in s.execute(select(Borrower.borrower_no, Borrower.name))}
        assert names == {"B000001": "王芳", "B000002": "LI Ming", "B000003": "李娜"}
        assert len(list(s.scalars(matching_borrowers(s, "王芳")))) == 1
        # as an import before names were normalised stored them
        s.execute(update(Borrower).where(Borrower.borrower_no == "B000001").values(name="王　芳"))
    report = _import(office, "borrowers", path)  # the same file again
    assert report.ok and (report.new, report.unchanged) == (0, 3), _problems(report)
    rows[0][1] = "王芳"  # the next export, without the padding
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok and (report.new, report.unchanged) == (0, 3), _problems(report)
    rows[0][1] = "王方"  # another name is still a change, refused
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert [(r, c) for r, c, _m in _problems(report)] == [(2, "借款人编号")]
    assert "different 姓名" in report.errors[0].message
