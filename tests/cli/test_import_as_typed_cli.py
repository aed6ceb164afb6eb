"""`casedesk import …` and `casedesk training import` on files as clerks type them (QA qa11):
full-width digits in a mobile, borrower and loan numbers in full width or lower case, trainees
by the name the user list shows, in English and Chinese."""

from __future__ import annotations

import csv

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_numbers_typed_in_full_width_or_lower_case_are_one_record(cli, db, tmp_path):
    rows = f.borrowers(2)
    rows[0][0], rows[0][3] = "ＱＢ0010", "138１２３４５６１4"
    rows[1][0] = "qb0011"
    code, out, err = cli(
        "import", "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows), *db
    )
    assert code == 0, err
    loans = f.loans(2)
    loans[0][:2] = ["ql0010", "QB0010"]
    loans[1][:2] = ["ＱＬ0011", "QB0011"]
    code, out, err = cli("import", "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans), *db)
    assert code == 0 and "Imported 2 new loans" in out, err
    payments = [["QL0010", "2025-02-10", "100.00", "TX1", "转账"]]
    path = f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, payments)
    code, out, err = cli("import", "payments", path, *db)  # which rebuilds the queue
    assert code == 0 and "Imported 1 new payment" in out, err
    code, out, err = cli("queue", "--search", "13812345614", *db)
    assert code == 0 and "QL0010" in out, (out, err)
    loans.append(["ql0010", "QB0011", *loans[1][2:]])
    path = f.write_csv(tmp_path / "l2.csv", f.LOAN_ZH, loans)
    for lang, said in (
        ("en", "l2.csv, row 4, 贷款编号: Loan ql0010 is also on row 2."),
        ("zh_CN", "l2.csv，第 4 行，贷款编号：贷款 ql0010 也出现在第 2 行。"),
    ):
        code, out, err = cli("--lang", lang, "import", "loans", path, "--dry-run", *db)
        assert code == 1 and said in err, err


def test_a_mobile_in_another_scripts_digits_is_refused_by_name(cli, db, tmp_path):
    rows = f.borrowers(1)
    rows[0][3] = "138٣٣٣٣٣٣٣٣"
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows, encoding="utf-8")
    for lang, said in (("en", "٣ (U+0663) in 138٣٣٣٣٣٣٣٣"), ("zh_CN", "٣ (U+0663)")):
        code, _out, err = cli("--lang", lang, "import", "borrowers", path, *db)
        assert code == 1 and said in err and "0–9" in err, err


def test_a_roster_naming_trainees_as_the_user_list_does(cli, db, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Kestrel-42-river")
    code, _out, err = cli(
        "user", "add", "agent01", "--role", "agent", "--display-name", "姜志强", *db
    )  # fmt: skip
    assert code == 0, err
    path = _csv(
        tmp_path / "t.csv",
        ["用户名", "课程", "日期", "分数"],
        [["姜志强", "LAW", "2026-03-03", "88"], ["BOB", "SAFE", "2026-03-05", "75"]],
    )
    for command in (["import", "training"], ["training", "import"]):
        code, out, err = cli(*command, path, "--dry-run", *db)
        assert code == 0 and "2 new" in out, err
    path = _csv(
        tmp_path / "t.csv",
        ["用户名", "课程", "日期", "分数"],
        [["张三", "LAW", "2026-03-03", "88"]],
    )
    for lang, said in (
        ("en", "No agent or supervisor has the user name or the name 张三: write their user name"),
        ("zh_CN", "没有用户名或姓名为 张三 的催收员或主管：请填写其用户名"),
    ):
        code, _out, err = cli("--lang", lang, "training", "import", path, *db)
        assert code == 1 and said in err, err


def test_rates_read_as_fractions_are_named_and_one_above_36_refused(cli, db, tmp_path):
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    assert cli("import", "borrowers", b, *db)[0] == 0
    loans = f.loans(2)
    loans[0][4] = "0.3"
    path = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)
    code, out, err = cli("import", "loans", path, "--dry-run", *db)
    assert code == 0, err
    assert "row 2: 0.3 read as 30.00%" in out and "above 24% a year" in out, out
    code, out, err = cli("--lang", "zh_CN", "import", "loans", path, "--dry-run", *db)
    assert code == 0 and "第 2 行：0.3 读作 30.00%" in out, out
    loans[1][4] = "0.99"
    path = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)
    for lang, said in (
        ("en", "l.csv, row 3, 年利率: 0.99 was read as 99.00% a year"),
        ("zh_CN", "l.csv，第 3 行，年利率：0.99 读作年利率 99.00%"),
    ):
        code, out, err = cli("--lang", lang, "import", "loans", path, *db)
        assert code == 1 and said in err, err


def test_an_unknown_product_names_each_products_code_and_names(cli, db, tmp_path):
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
    assert cli("import", "borrowers", b, *db)[0] == 0
    loans = f.loans(1)
    loans[0][2] = "经营贷"
    path = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)
    for lang, said in (
        (
            "en",
            "Unknown loan product 经营贷; write a product's code or name: CRL (信用贷款, Credit",
        ),
        ("zh_CN", "未知的贷款产品 经营贷；请填写产品代码或名称：CRL（信用贷款，Credit loan）；PCL"),
    ):
        code, _out, err = cli("--lang", lang, "import", "loans", path, "--dry-run", *db)
        assert code == 1 and said in err, err


def test_a_padded_name_is_the_same_name_unpadded(cli, db, tmp_path):
    rows = f.borrowers(1)
    rows[0][1] = "  王　芳 "
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    assert cli("import", "borrowers", path, *db)[0] == 0
    code, out, err = cli("borrower", "show", "B000001", *db)
    assert code == 0 and "王芳" in out and "王　芳" not in out, (out, err)
    rows[0][1] = "王芳"
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    for lang, said in (
        ("en", "1 row checked: 0 new, 1 already imported"),
        ("zh_CN", "已检查 1 行：新增 0 行，1 行已导入过"),
    ):
        code, out, err = cli("--lang", lang, "import", "borrowers", path, "--dry-run", *db)
        assert code == 0 and said in out, (out, err)


def test_both_training_commands_count_a_repeated_row_alike(cli, db, tmp_path):
    row = ["bob", "LAW", "2026-03-03", "88"]
    path = _csv(tmp_path / "t.csv", ["用户名", "课程", "日期", "分数"], [row, row])
    for lang, said in (
        (
            "en",
            "2 rows checked: 1 new, 0 already imported; nothing was saved (dry run). 1 row "
            "repeats an earlier row of the file and will be skipped.",
        ),
        (
            "zh_CN",
            "已检查 2 行：新增 1 行，0 行已导入过；未保存任何内容（试运行）。1 行与文件中前面的行"
            "重复，将被跳过。",
        ),
    ):
        for command in (["import", "training"], ["training", "import"]):
            code, out, err = cli("--lang", lang, *command, path, "--dry-run", *db)
            assert code == 0 and out.strip() == said, (command, out, err)
    code, out, err = cli("import", "training", path, *db)
    assert code == 0, err
    for command in (["import", "training"], ["training", "import"]):
        code, out, err = cli(*command, path, *db)
        assert code == 0 and out.strip() == (
            "Imported 0 new training records; 1 training record already in Casedesk was "
            "skipped; 1 row repeating an earlier row of the file was skipped."
        ), (command, out, err)
        code, out, err = cli(*command, path, "--dry-run", *db)
        assert out.startswith("2 rows checked: 0 new, 1 already imported;"), (command, out)
