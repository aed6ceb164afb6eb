"""`casedesk import …` refuses a booked loan's changed clauses or schedule, impossible birth dates
and amounts `payment post` refuses; counts a dry run's loans; says where the queue stands."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from app.demo.people import resident_id
from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

LOAN_EN = [
    "loan_no",
    "borrower_no",
    "product",
    "principal",
    "annual_rate",
    "term_months",
    "disbursed_on",
    "home_visit_consent",
    "third_party_consent",
    "schedule_type",
]


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _borrowers(cli, db, tmp_path, count=2):
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(count))
    code, _, err = cli("import", "borrowers", b, *db)
    assert code == 0, err


def _loan(tmp_path, name, **changes):
    row = {
        "loan_no": "L000001",
        "borrower_no": "B000001",
        "product": "PCL",
        "principal": "12,000.00",
        "annual_rate": "12.5%",
        "term_months": "12",
        "disbursed_on": "2025-01-15",
        "home_visit_consent": "是",
        "third_party_consent": "否",
        "schedule_type": "equal_instalment",
        **changes,
    }
    return f.write_csv(tmp_path / name, LOAN_EN, [[row[k] for k in LOAN_EN]], "utf-8")


def test_a_withdrawn_visit_consent_on_reimport_is_refused_not_skipped(cli, db, tmp_path):
    _borrowers(cli, db, tmp_path)
    code, out, err = cli("import", "loans", _loan(tmp_path, "l.csv"), *db)
    assert code == 0, err
    changed = _loan(
        tmp_path,
        "l_changed.csv",
        product="SUL",
        home_visit_consent="否",
        third_party_consent="是",
        schedule_type="interest_only",
    )
    code, out, err = cli("import", "loans", changed, *db)
    assert code == 1 and out == "" and "skipped" not in err
    assert (
        "l_changed.csv, row 2, loan_no: Loan L000001 is already in Casedesk with a different "
        "product, schedule_type, home_visit_consent, third_party_consent; a booked loan is never "
        "rewritten by an import." in err
    )
    code, _, err = cli("--lang", "zh_CN", "import", "loans", changed, *db)
    assert code == 1 and "导入不会改写已放款的贷款" in err
    code, out, _ = cli("import", "loans", tmp_path / "l.csv", *db)  # the booked clauses stand
    assert code == 0 and "1 loan already in Casedesk was skipped" in out


def test_a_changed_schedule_of_a_booked_loan_is_refused(cli, db, tmp_path):
    _borrowers(cli, db, tmp_path)
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(2))
    sched = f.write_csv(tmp_path / "s.csv", f.SCHEDULE_ZH, f.schedule(2))
    code, _, err = cli("import", "loans", loans, "--schedule", sched, *db)
    assert code == 0, err
    rows = f.schedule(2)
    rows[14][2], rows[14][4], rows[14][5] = "2025/9/15", "99.00", "5"  # loan 2, instalment 3
    changed = f.write_csv(tmp_path / "s4b.csv", f.SCHEDULE_ZH, rows)
    rejected = tmp_path / "rejected.csv"
    code, out, err = cli("import", "loans", loans, "--schedule", changed, "--errors", rejected, *db)
    assert code == 1 and out == ""
    assert (
        "s4b.csv, row 16, 期次: Instalment 3 of loan L000002 is already in Casedesk with a "
        "different 应还日期, 应还利息, 费用" in err
    )
    code, _, err = cli("--lang", "zh_CN", "import", "loans", loans, "--schedule", changed, *db)
    assert code == 1 and "导入不会改写已放款贷款的还款计划" in err
    code, out, _ = cli("import", "loans", loans, "--schedule", sched, *db)
    assert code == 0 and "2 loans already in Casedesk were skipped" in out


def test_a_dry_run_counts_loans_not_schedule_rows(cli, db, tmp_path):
    _borrowers(cli, db, tmp_path)
    loans = f.write_csv(tmp_path / "l5.csv", f.LOAN_ZH, f.loans(2))
    sched = f.write_csv(tmp_path / "s5.csv", f.SCHEDULE_ZH, f.schedule(2))
    code, out, err = cli("import", "loans", loans, "--schedule", sched, "--dry-run", *db)
    assert code == 0, err
    assert "2 rows checked: 2 new, 0 already imported" in out and "instalments: 24" in out


def test_payments_without_a_rebuild_say_what_is_true(cli, db, tmp_path):
    _borrowers(cli, db, tmp_path, 1)
    code, _, err = cli(
        "import", "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1)), *db
    )
    assert code == 0, err
    pays = f.write_csv(
        tmp_path / "p5.csv", f.PAYMENT_ZH, [["L000001", "2025-02-10", "10", "QP301", ""]]
    )
    code, out, err = cli("import", "payments", pays, "--no-rebuild", *db)
    assert code == 0, err
    assert "import the payments next" not in out and "then rebuild the queue" not in out
    assert "at its next rebuild (Rebuild queue on the work queue page" in out
    pays2 = f.write_csv(
        tmp_path / "p6.csv", f.PAYMENT_ZH, [["L000001", "2025-03-10", "10", "QP302", ""]]
    )
    code, out, _ = cli("--lang", "zh_CN", "import", "payments", pays2, "--no-rebuild", *db)
    assert code == 0 and "工作队列尚未重建" in out and "次日首次打开窗口" in out


def test_a_payment_after_the_payoff_is_in_the_errors_file_with_its_cells(cli, db, tmp_path):
    _borrowers(cli, db, tmp_path, 1)
    code, _, err = cli(
        "import", "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1)), *db
    )
    assert code == 0, err
    rows = [
        ["L000001", "2025-02-09", "100,000.00", "TX1", "转账"],
        ["L000001", "2025-03-09", "500.00", "TX2", "现金"],
    ]
    pays = f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, rows)
    rejected = tmp_path / "rejected.csv"
    code, _, err = cli("import", "payments", pays, "--errors", rejected, *db)
    assert code == 1 and "p.csv, row 3, 还款金额: Loan L000001 is paid off" in err
    lines = [line for line in csv.reader(rejected.read_text("utf-8-sig").splitlines()) if line]
    row3 = next(line for line in lines if line[:2] == ["p.csv", "3"])
    assert row3[3:] == rows[1]


def test_impossible_birth_dates_and_scientific_amounts_are_refused(cli, db, tmp_path):
    rows = f.borrowers(2)
    rows[0][2] = resident_id("110105", dt.date(2030, 1, 1), 11)
    rows[1][2] = resident_id("110105", dt.date(1850, 1, 1), 11)
    b = f.write_csv(tmp_path / "b_future.csv", f.BORROWER_ZH, rows)
    code, _, err = cli("import", "borrowers", b, *db)
    assert code == 1
    assert (
        "row 2, 身份证号: The ID number 110105********0116 holds a birth date in the future" in err
    )
    assert "row 3, 身份证号: The ID number 110105********011X holds a birth date before 1900" in err
    code, _, err = cli("--lang", "zh_CN", "import", "borrowers", b, *db)
    assert code == 1 and "出生日期晚于今天" in err and "出生日期早于 1900 年" in err
    _borrowers(cli, db, tmp_path, 1)
    code, _, err = cli(
        "import", "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1)), *db
    )
    assert code == 0, err
    code, _, typed = cli("payment", "post", "L000001", "1e3", "--date", "2025-02-10", *db)
    assert code != 0 and "Not an amount: 1e3" in typed
    pays = f.write_csv(
        tmp_path / "p.csv", f.PAYMENT_ZH, [["L000001", "2025-02-10", "1e3", "TX1", ""]]
    )
    code, _, err = cli("import", "payments", pays, *db)
    assert code == 1 and "p.csv, row 2, 还款金额: Not an amount: 1e3" in err
