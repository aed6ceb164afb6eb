"""More of what an import must refuse or take: a booked loan's changed clauses or schedule, ID
numbers with impossible birth dates, amounts in scientific notation, an empty optional fee; and
what it must say: rejected rows with their cells, the loans counted apart from their schedule,
where the queue stands after payments without a rebuild."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.demo.people import resident_id
from app.errors import ValidationError
from app.i18n import tr
from app.importer import cell_amounts, cells, import_file, write_errors_csv
from app.models import Borrower, Instalment, Loan, Payment, ScheduleType, User
from app.money import to_minor
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
LOAN_FULL = [
    "loan_no",
    "borrower_no",
    "product",
    "principal",
    "annual_rate",
    "term_months",
    "disbursed_on",
    "first_due_on",
    "schedule_type",
    "home_visit_consent",
    "third_party_consent",
]
LOAN_ROW = {
    "loan_no": "L000001",
    "borrower_no": "B000001",
    "product": "PCL",
    "principal": "12,100.00",
    "annual_rate": "12%",
    "term_months": "12",
    "disbursed_on": "2025-01-10",
    "first_due_on": "2025-02-10",
    "schedule_type": "equal_instalment",
    "home_visit_consent": "是",
    "third_party_consent": "否",
}


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin")
    return db


def _import(db, kind, path, **kw):
    with db.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, kind, path, today=TODAY, **kw)


def _count(db, model):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _problems(report):
    return [(p.file, p.row, p.column, p.message) for p in report.errors]


def _borrowers(office, tmp_path, count):
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(count))
    assert _import(office, "borrowers", path).ok


def _loan_file(tmp_path, name, **changes):
    row = {**LOAN_ROW, **changes}
    return f.write_csv(tmp_path / name, LOAN_FULL, [[row[k] for k in LOAN_FULL]], "utf-8")


# --- 1. a booked loan's clauses and schedule are never rewritten ------------------------------


@pytest.mark.parametrize(
    "changes, columns",
    [
        ({"product": "SUL"}, "product"),
        ({"schedule_type": "interest_only"}, "schedule_type"),
        ({"home_visit_consent": "否"}, "home_visit_consent"),  # consent withdrawn
        ({"third_party_consent": "是"}, "third_party_consent"),
        ({"first_due_on": "2025-02-15"}, "first_due_on"),
        (
            {
                "product": "SUL",
                "schedule_type": "interest_only",
                "home_visit_consent": "否",
                "third_party_consent": "是",
            },
            "product, schedule_type, home_visit_consent, third_party_consent",
        ),
    ],
)
def test_a_booked_loan_with_changed_clauses_is_refused_naming_them(
    office, tmp_path, changes, columns
):
    _borrowers(office, tmp_path, 1)
    assert _import(office, "loans", _loan_file(tmp_path, "l.csv")).ok
    same = _import(office, "loans", _loan_file(tmp_path, "same.csv"))
    assert same.ok and (same.new, same.unchanged) == (0, 1)
    report = _import(office, "loans", _loan_file(tmp_path, "changed.csv", **changes))
    assert _problems(report) == [
        (
            "changed.csv",
            2,
            "loan_no",
            f"Loan L000001 is already in Casedesk with a different {columns}; a booked loan "
            "is never rewritten by an import.",
        )
    ]
    assert not report.imported and report.rejected["changed.csv"][2][0] == "L000001"
    with office.session() as s:
        loan = s.scalar(select(Loan))
        assert loan.home_visit_consent and not loan.third_party_consent
        assert loan.schedule_type is ScheduleType.EQUAL_INSTALMENT and loan.product.code == "PCL"


def test_what_a_file_does_not_give_is_not_compared(office, tmp_path):
    _borrowers(office, tmp_path, 1)
    assert _import(office, "loans", _loan_file(tmp_path, "l.csv")).ok
    # No consent columns, no first due date, no repayment type: the booked loan stands.
    short = ["loan_no", "borrower_no", "product", "principal", "annual_rate", "disbursed_on"]
    path = f.write_csv(tmp_path / "s.csv", short, [[LOAN_ROW[k] for k in short]], "utf-8")
    report = _import(office, "loans", path)
    assert report.ok and (report.new, report.unchanged) == (0, 1), _problems(report)


def _book(office, tmp_path, count=2):
    _borrowers(office, tmp_path, count)
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(count))
    sched = f.write_csv(tmp_path / "schedule.csv", f.SCHEDULE_ZH, f.schedule(count))
    assert _import(office, "loans", loans, schedule=sched).ok
    return loans


def test_a_changed_schedule_of_a_booked_loan_is_refused(office, tmp_path):
    loans = _book(office, tmp_path)
    rows = f.schedule(2)
    rows[2][4] = "99.00"  # loan 1, instalment 3: interest
    rows[2][2] = "2025/4/15"  # and its due date
    path = f.write_csv(tmp_path / "s2.csv", f.SCHEDULE_ZH, rows)
    report = _import(office, "loans", loans, schedule=path)
    assert _problems(report) == [
        (
            "s2.csv",
            4,
            "期次",
            "Instalment 3 of loan L000001 is already in Casedesk with a different 应还日期, "
            "应还利息; a booked loan's schedule is never rewritten by an import.",
        )
    ]
    assert report.rejected["s2.csv"][4] == [str(c) for c in rows[2]]
    with office.session() as s:
        third = s.scalar(select(Instalment).where(Instalment.loan_id == 1, Instalment.seq == 3))
        assert third.interest_due != 9900 and third.due_on != dt.date(2025, 4, 15)


def test_a_schedule_with_fewer_instalments_than_booked_is_refused(office, tmp_path):
    loans = _book(office, tmp_path)
    rows = f.schedule(2)
    del rows[23]  # loan 2's twelfth instalment
    path = f.write_csv(tmp_path / "s3.csv", f.SCHEDULE_ZH, rows)
    report = _import(office, "loans", loans, schedule=path)
    assert _problems(report) == [
        (
            "s3.csv",
            14,
            "贷款编号",
            "Loan L000002 is already in Casedesk with 12 instalments, not 11 instalments; a "
            "booked loan's schedule is never rewritten by an import.",
        )
    ]


def test_a_booked_loans_schedule_is_checked_even_when_the_loans_file_omits_it(office, tmp_path):
    _book(office, tmp_path)
    only_second = f.write_csv(tmp_path / "l2.csv", f.LOAN_ZH, f.loans(1, start=2))
    rows = f.schedule(2)
    rows[0][3] = "1.00"  # loan 1, in Casedesk but not in this loans file
    path = f.write_csv(tmp_path / "s4.csv", f.SCHEDULE_ZH, rows)
    report = _import(office, "loans", only_second, schedule=path)
    assert [(p.file, p.row, p.column) for p in report.errors] == [("s4.csv", 2, "期次")]
    assert "different 应还本金" in report.errors[0].message
    same = _import(office, "loans", only_second, schedule=tmp_path / "schedule.csv")
    assert same.ok and same.unchanged == 1


# --- 2. resident ID numbers with impossible birth dates ---------------------------------------


def test_birth_dates_after_today_or_before_1900_are_refused():
    for born, words in (
        (TODAY + dt.timedelta(days=1), "birth date in the future"),
        (dt.date(2030, 1, 1), "birth date in the future"),
        (dt.date(1899, 12, 31), "birth date before 1900"),
        (dt.date(1850, 1, 1), "birth date before 1900"),
    ):
        number = resident_id("110105", born, 11)
        with pytest.raises(ValidationError, match=words):
            cells.resident_id(number, today=TODAY)
    for born in (TODAY, dt.date(1900, 1, 1), dt.date(1949, 12, 31)):
        number = resident_id("110105", born, 11)
        assert cells.resident_id(number, today=TODAY) == number


def test_borrowers_file_with_impossible_birth_dates_imports_nothing(office, tmp_path):
    rows = f.borrowers(3)
    rows[0][2] = resident_id("110105", dt.date(2030, 1, 1), 11)
    rows[2][2] = resident_id("110105", dt.date(1850, 1, 1), 11)
    report = _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    got = [(p.row, p.column) for p in report.errors]
    assert got == [(2, "身份证号"), (4, "身份证号")]
    assert "in the future" in report.errors[0].message
    assert "before 1900" in report.errors[1].message
    assert "2030" not in report.errors[0].message  # masked, as every list shows an ID
    assert _count(office, Borrower) == 0


def test_the_demo_and_test_id_numbers_still_pass(demo_db):
    for n in range(1, 2000):
        assert cells.resident_id(f.national_id(n), today=TODAY) == f.national_id(n)
    with demo_db.session() as s:
        numbers = s.scalars(select(Borrower.national_id)).all()
    assert numbers
    for number in numbers:
        assert cells.resident_id(number) == number


# --- 3. amounts as `payment post` reads them ---------------------------------------------------


@pytest.mark.parametrize("text", ["1e3", "1E2", "1_000", "1e+3", "¥1e3"])
def test_scientific_and_underscored_amounts_are_refused_as_payment_post_refuses_them(text):
    with pytest.raises(ValidationError) as typed:
        to_minor(text.lstrip("¥"))
    with pytest.raises(ValidationError) as imported:
        cell_amounts.amount(text)
    assert imported.value.msgid == typed.value.msgid == "Not an amount: {value}"
    assert imported.value.params["value"] == text


def test_amounts_lenders_write_are_still_read():
    assert cell_amounts.amount("12,345.60") == 1_234_560
    assert cell_amounts.amount(" ¥ 800 ") == 80_000
    assert cell_amounts.amount("800元") == 80_000
    assert cell_amounts.amount("5000.") == 500_000
    assert cell_amounts.amount(12345.6) == 1_234_560
    assert cell_amounts.amount(1e3) == 100_000  # an Excel number cell is a number, not typed text
    with pytest.raises(ValidationError, match="Too large an amount"):
        cell_amounts.amount("10000000000000")


def test_loans_and_payments_with_scientific_amounts_import_nothing(office, tmp_path):
    _borrowers(office, tmp_path, 3)
    rows = f.loans(3)
    rows[0][3], rows[1][3] = "1e3", "1_000"
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, rows))
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (2, "本金", "Not an amount: 1e3"),
        (3, "本金", "Not an amount: 1_000"),
    ]
    loans = _book_more(office, tmp_path)
    pays = [["L000001", "2025-02-10", "1E2", "TX1", ""]]
    report = _import(office, "payments", f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, pays))
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (2, "还款金额", "Not an amount: 1E2")
    ]
    assert _count(office, Payment) == 0 and loans == 3


def _book_more(office, tmp_path):
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(3))
    assert _import(office, "loans", loans).ok
    return _count(office, Loan)


# --- 4. a payment refused in the waterfall keeps its cells -------------------------------------


def test_a_payment_after_the_one_that_paid_the_loan_off_keeps_its_cells(office, tmp_path):
    _borrowers(office, tmp_path, 1)
    assert _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1))).ok
    pays = [
        ["L000001", "2025-02-09", "100,000.00", "TX1", "转账"],  # pays it off
        ["L000001", "2025-03-09", "500.00", "TX2", "现金"],
    ]
    path = f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, pays)
    report = _import(office, "payments", path)
    assert [(p.row, p.column) for p in report.errors] == [(3, "还款金额")]
    assert "paid off by an earlier payment" in report.errors[0].message
    assert report.rejected["p.csv"][3] == pays[1]
    out = write_errors_csv(report, tmp_path / "rejected.csv")
    lines = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert lines[1][:2] == ["p.csv", "3"] and lines[1][3:] == pays[1]


# --- 5. where the queue stands after payments without a rebuild --------------------------------


_PAYMENTS_QUEUE = (
    "The work queue was not rebuilt: cases open and close for these payments at its next "
    "rebuild (Rebuild queue on the work queue page, a payments import that rebuilds it, or "
    "the window's first start of the next day)."
)


def test_payments_without_a_rebuild_say_when_the_queue_catches_up(office, tmp_path):
    _borrowers(office, tmp_path, 1)
    loans = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1)))
    assert "import the payments next" in loans.queue and "Rebuild queue" in loans.queue
    pays = [["L000001", "2025-02-09", "100.00", "TX1", ""]]
    path = f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, pays)
    report = _import(office, "payments", path, rebuild=False)
    assert report.imported and report.queue == _PAYMENTS_QUEUE
    assert "重建队列" in tr(_PAYMENTS_QUEUE, "zh_CN")


# --- 6. a dry run counts the loans, not their schedule rows ------------------------------------


def test_a_dry_run_of_loans_with_a_schedule_counts_loans(office, tmp_path):
    _borrowers(office, tmp_path, 2)
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(2))
    sched = f.write_csv(tmp_path / "schedule.csv", f.SCHEDULE_ZH, f.schedule(2))
    report = _import(office, "loans", loans, schedule=sched, dry_run=True)
    assert report.ok and (report.rows, report.new, report.details["instalments"]) == (2, 2, 24)
    assert report.summary().startswith("2 rows checked: 2 new, 0 already imported")


# --- 7. an empty optional fee is no fee ---------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_empty_fee_cell_is_no_fee(office, tmp_path, suffix):
    _borrowers(office, tmp_path, 3)
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(2))
    rows = f.schedule(2)
    for row in rows[::3]:
        row[5] = "" if suffix == ".csv" else None
    write = f.write_csv if suffix == ".csv" else f.write_xlsx
    sched = write(tmp_path / f"schedule{suffix}", f.SCHEDULE_ZH, rows)
    report = _import(office, "loans", loans, schedule=sched)
    assert report.ok, _problems(report)
    assert report.new == 2 and _count(office, Instalment) == 24
    with office.session() as s:
        assert s.scalar(select(func.sum(Instalment.fee_due))) == 0


def test_a_bad_schedule_cell_is_one_problem_not_a_missing_instalment_too(office, tmp_path):
    _borrowers(office, tmp_path, 3)
    assert _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(2))).ok
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(3))  # L000003 is new
    rows = f.schedule(3)
    rows[1][5] = "abc"  # a booked loan's fee
    rows[30][5] = "x"  # the new loan's
    report = _import(
        office, "loans", loans, schedule=f.write_csv(tmp_path / "s.csv", f.SCHEDULE_ZH, rows)
    )
    assert _problems(report) == [
        ("s.csv", 3, "费用", "Not an amount: abc"),
        ("s.csv", 32, "费用", "Not an amount: x"),
    ]
