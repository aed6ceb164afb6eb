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
    assert lines[2].startswith("○ 1. Fill in the office's details")
    assert lines[3].startswith("✓ 2. Add the staff")  # the office's agent bob
    assert lines[4].startswith("○ 3. Record the agents' training")
    assert lines[5].startswith("○ 4. Import the loan book")
    code, out, _err = cli("queue", "--json", *db)
    steps = json.loads(out)["first_steps"]
    assert [(s["step"], s["done"]) for s in steps] == [
        ("office", False),
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


@pytest.mark.parametrize(
    ("lang", "missing", "done"),
    [
        (
            "en",
            "(missing: the safety contact for field visits): Settings… › Office (supervisor or "
            'admin), or casedesk settings set office.safety_contact="…".',
            "✓ 1. Fill in the office's details, which the visit sheets and agreements print: "
            "Settings… › Office (supervisor or admin), or casedesk settings set.",
        ),
        (
            "zh_CN",
            "尚缺：上门安全联系人）：“设置…” › “营业部”（主管或管理员），或 casedesk settings set "
            'office.safety_contact="…"。',
            "✓ 1. 填写营业部信息（上门日程表和还款协议上会打印）："
            "“设置…” › “营业部”（主管或管理员），或 casedesk settings set。",
        ),
    ],
    ids=["en", "zh_CN"],
)
def test_the_office_step_names_what_is_left_and_ticks_once_filled(cli, db, lang, missing, done):
    """The visit sheet's safety contact and the agreement's address and phone: the queue of a new
    office says which are still blank and the command for just those, then ticks the step."""
    code, _out, err = cli(
        "settings", "set", "office.address=成都市武侯区人民南路四段 1 号",
        "office.phone=028-8555 0100", *db,
    )  # fmt: skip
    assert code == 0, err
    code, out, _err = cli("--lang", lang, "queue", *db)
    assert out.splitlines()[2].endswith(missing)
    assert cli("settings", "set", "office.safety_contact=王主管 138 0000 0000", *db)[0] == 0
    code, out, _err = cli("--lang", lang, "queue", *db)
    assert out.splitlines()[2] == done
    steps = json.loads(cli("queue", "--json", *db)[1])["first_steps"]
    assert (steps[0]["step"], steps[0]["done"]) == ("office", True)


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
