"""`casedesk import …` and `casedesk import template` on a fresh office (admin `admin`)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_import_book_end_to_end(cli, db, tmp_path):
    b = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(5))
    code, out, err = cli("import", "borrowers", b, *db)
    assert code == 0, err
    assert "Imported 5 new borrowers; 0 borrowers already in Casedesk were skipped." in out
    loans = f.write_xlsx(tmp_path / "loans.xlsx", f.LOAN_ZH, f.loans(5), title="贷款台账")
    sched = f.write_csv(tmp_path / "schedule.csv", f.SCHEDULE_ZH, f.schedule(5))
    code, out, err = cli("import", "loans", loans, "--schedule", sched, *db)
    assert code == 0, err
    assert "Imported 5 new loans" in out and "instalments: 60" in out
    assert "import the payments next" in out
    pays = f.write_csv(
        tmp_path / "pay.csv", f.PAYMENT_ZH, [["L000001", "2025-02-10", "1,075.06", "T1", "转账"]]
    )
    code, out, err = cli("import", "payments", pays, "--json", *db)
    assert code == 0, err
    result = json.loads(out)
    assert result["new"] == 1 and result["imported"] and "Queue rebuilt" in result["queue"]
    code, out, err = cli("import", "payments", pays, *db)
    assert code == 0 and "0 new payments; 1 payment already posted was skipped" in out


def test_rejected_file_exits_non_zero_and_writes_errors(cli, db, tmp_path):
    rows = f.borrowers(4)
    rows[2][2] = "1.10105E+17"
    rows[3][3] = "12345"
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    rejected = tmp_path / "rejected.csv"
    code, out, err = cli("import", "borrowers", b, "--errors", rejected, *db)
    assert code == 1 and out == ""
    assert "b.csv, row 4, 身份证号: The ID number was saved as a number" in err
    assert "b.csv, row 5, 手机号:" in err
    assert "2 problems in b.csv; nothing was imported." in err
    lines = list(csv.reader(rejected.read_text("utf-8-sig").splitlines()))
    assert [line[1] for line in lines[1:]] == ["4", "5"]
    code, out, _ = cli("import", "borrowers", b, "--dry-run", "--json", *db)
    assert code == 1 and len(json.loads(out)["errors"]) == 2


def test_dry_run_saves_nothing(cli, db, tmp_path):
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(3))
    code, out, _ = cli("import", "borrowers", b, "--dry-run", *db)
    assert code == 0 and "3 rows checked: 3 new" in out and "dry run" in out
    code, out, _ = cli("import", "borrowers", b, *db)
    assert "Imported 3 new" in out


def test_chinese_messages(cli, db, tmp_path):
    rows = f.borrowers(2)
    rows[1][3] = "010-62345678"
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    code, _, err = cli("--lang", "zh_CN", "import", "borrowers", b, *db)
    assert code == 1
    assert "第 3 行" in err and "不是中国大陆手机号" in err and "未导入任何记录" in err


def test_agents_may_not_import(cli, office, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "bob")
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
    code, _, err = cli("import", "borrowers", b, "--db", office)
    assert code == 1 and "may not import data" in err


def test_templates(cli, db, tmp_path):
    code, out, _ = cli("import", "template", "borrowers", tmp_path / "t.csv", "--lang", "zh_CN")
    assert code == 0
    header = (tmp_path / "t.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("借款人编号,姓名,身份证号,手机号")
    code, _, _ = cli("import", "template", "loans", tmp_path / "t.xlsx")
    assert code == 0
    code, out, _ = cli("import", "borrowers", tmp_path / "t.csv", "--dry-run", *db)
    assert code == 0 and "1 new" in out
    code, _, err = cli("import", "template", "loans", tmp_path / "t.pdf")
    assert code == 1 and ".csv or .xlsx" in err
    # A template never lands over a file already there, a filled-in import file above all.
    (tmp_path / "mine.csv").write_text("borrower_no\nB1\n", "utf-8")
    code, _, err = cli("import", "template", "borrowers", tmp_path / "mine.csv")
    assert code == 1 and "add --force to replace it" in err
    assert (tmp_path / "mine.csv").read_text("utf-8") == "borrower_no\nB1\n"
    code, _, err = cli("import", "template", "borrowers", tmp_path / "mine.csv", "--force")
    assert code == 0, err


def test_training_import_still_works_both_ways(cli, db, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("用户名,课程,日期,分数\r\nbob,LAW,2026-01-05,88\r\n", encoding="gb18030")
    code, out, err = cli("training", "import", path, "--dry-run", *db)
    assert code == 0, err
    code, out, err = cli("import", "training", path, *db)
    assert code == 0 and "Imported 1 new training record; 0 training records" in out


def test_problems_with_the_file_name_it_once_and_import_nothing(cli, db, tmp_path):
    b = f.write_csv(tmp_path / "b_missingcol.csv", ["姓名", "手机号"], [["张伟", "13812345678"]])
    code, out, err = cli("import", "borrowers", b, *db)
    assert code == 1 and out == ""
    assert "b_missingcol.csv: The file lacks these columns: 借款人编号/borrower_no" in err
    assert err.count("b_missingcol.csv") == 2  # the problem's and the summary's
    header = ["贷款编号", "还款日期", "amount", "流水号", "amount"]
    pays = f.write_csv(tmp_path / "pay.csv", header, [["L000001", "2025-02-10", "1", "T1", "2"]])
    code, out, err = cli("import", "payments", pays, "--json", *db)
    assert code == 1
    assert json.loads(out)["errors"] == [
        {
            "file": "pay.csv",
            "row": 0,
            "column": "",
            "message": "The column 还款金额/amount appears more than once "
            "(C: amount, E: amount); keep only one.",
        }
    ]
    code, _, err = cli("--lang", "zh_CN", "import", "payments", pays, *db)
    assert code == 1 and "列 还款金额/amount 出现了不止一次（C: amount、E: amount）" in err
