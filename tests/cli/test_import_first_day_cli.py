"""`casedesk import` of a Chinese lender's loan book on a branch's first day (admin `admin`)."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

HEADER = [*f.LOAN_ZH, "客户经理", "备注"]


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _files(tmp_path):
    borrowers = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(2))
    loans = f.write_csv(tmp_path / "借据.csv", HEADER, [[*row, "王经理", ""] for row in f.loans(2)])
    return borrowers, loans


def test_columns_not_read_are_named(cli, db, tmp_path):
    borrowers, loans = _files(tmp_path)
    assert cli("import", "borrowers", borrowers, *db)[0] == 0
    code, out, err = cli("import", "loans", loans, "--dry-run", *db)
    assert code == 0 and "2 rows checked: 2 new" in out
    assert "Not read — Casedesk has no column by that name: I: 客户经理, J: 备注." in err
    code, out, err = cli("import", "loans", loans, "--json", "--dry-run", *db)
    assert json.loads(out)["unread"] == {"借据.csv": ["I: 客户经理", "J: 备注"]}
    code, out, err = cli("--lang", "zh_CN", "import", "loans", loans, *db)
    assert code == 0 and "已导入 2 笔新贷款" in out
    assert "未读取以下列（Casedesk 没有这个列名）：I: 客户经理、J: 备注。" in err


def test_a_file_read_whole_says_nothing_of_columns(cli, db, tmp_path):
    borrowers, _loans = _files(tmp_path)
    code, out, err = cli("import", "borrowers", borrowers, *db)
    assert code == 0 and err == ""


def test_the_empty_queue_of_a_new_office_says_what_fills_it(cli, db, tmp_path):
    code, out, _err = cli("queue", *db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("0 of 0 open cases.")
    assert lines[1] == "A new office: its work queue fills once these are done."
    assert lines[2].startswith("✓ 1. Add the staff")  # the office's agent bob
    assert lines[3].startswith("○ 2. Record the agents' training")
    assert lines[4].startswith("○ 3. Import the loan book")
    code, out, _err = cli("queue", "--json", *db)
    steps = json.loads(out)["first_steps"]
    assert [(s["step"], s["done"]) for s in steps] == [
        ("staff", True),
        ("training", False),
        ("loans", False),
    ]
    borrowers, loans = _files(tmp_path)
    assert cli("import", "borrowers", borrowers, *db)[0] == 0
    assert cli("import", "loans", loans, *db)[0] == 0
    code, out, _err = cli("queue", *db)
    assert "A new office" not in out
    assert json.loads(cli("queue", "--json", *db)[1])["first_steps"] == []


def test_a_new_account_is_said_with_its_role_in_chinese(cli, db, monkeypatch):
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Zhuguan-2026")
    code, out, err = cli(
        "--lang", "zh_CN", "user", "add", "wangzhuguan", "--role", "supervisor", *db
    )
    assert code == 0, err
    assert out.splitlines() == [
        "已添加 wangzhuguan（主管）。",
        "wangzhuguan 首次登录时须设置自己的密码。",  # the admin chose this one
    ]
