"""`casedesk import payments` with "100$" or "100美元" in a yuan office: the row is refused saying
the amount is in another currency, to be converted, as `payment post` says it; never advised to
drop the sign (QA: that invited booking dollars as yuan)."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_dollars_in_a_payments_file_are_to_be_converted(cli, db, tmp_path):
    people = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    assert cli("import", "borrowers", people, *db)[0] == 0
    book = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(2))
    assert cli("import", "loans", book, "--no-rebuild", *db)[0] == 0
    rows = [
        ["L000001", "2025-02-10", "100$", "T1", ""],
        ["L000002", "2025-02-10", "100美元", "T2", ""],
    ]
    pays = f.write_csv(tmp_path / "pay.csv", f.PAYMENT_ZH, rows)
    code, out, err = cli("import", "payments", pays, *db)
    assert code == 1 and out == ""
    assert (
        "pay.csv, row 2, 还款金额: The amount 100$ is in $, but this office's amounts "
        "are in CNY: convert it to CNY" in err
    )
    assert "The amount 100美元 is in 美元" in err
    assert "without a currency sign: 100." not in err
    code, out, err = cli("--lang", "zh_CN", "import", "payments", pays, "--dry-run", *db)
    assert code == 1
    assert "金额 100$ 以 $ 计价，但本营业部的金额以 CNY 计：请换算为 CNY" in err
    assert "金额 100美元 以 美元 计价" in err
    assert "请只填写数字" not in err and "不是有效金额" not in err
