"""`casedesk import …` with a workbook Excel still has open, and with formulas whose values were
never saved: one clear line each, by file (and row and column), and nothing imported."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f
from tests.core.test_import_held_open_and_formulas import HELD_OPEN, UNSAVED, held_open


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_a_workbook_excel_holds_open_is_refused_in_one_line(cli, db, tmp_path, monkeypatch):
    path = f.write_xlsx(tmp_path / "借款人.xlsx", f.BORROWER_ZH, f.borrowers(3))
    with monkeypatch.context() as excel:
        held_open(excel, path)
        code, out, err = cli("import", "borrowers", path, *db)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"借款人.xlsx: {HELD_OPEN}",
        "1 problem in 借款人.xlsx; nothing was imported.",
    ]
    code, out, err = cli("import", "borrowers", path, *db)  # Excel closed: the same file imports
    assert code == 0 and "Imported 3 new borrowers" in out, err


def test_a_formula_without_its_value_is_told_by_row_and_column(cli, db, tmp_path):
    borrowers = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(3))
    assert cli("import", "borrowers", borrowers, *db)[0] == 0
    rows = f.loans(3)
    rows[2][3] = "=12000+300"
    loans = f.write_xlsx(tmp_path / "贷款台账.xlsx", f.LOAN_ZH, rows, title="贷款台账")
    code, out, err = cli("import", "loans", loans, *db)
    assert code == 1 and out == ""
    assert f"贷款台账.xlsx, row 5, 本金: {UNSAVED}" in err.splitlines()
    assert "missing" not in err
    code, out, err = cli("import", "loans", loans, "--lang", "zh_CN", *db)
    assert "该单元格是公式，但其计算结果从未保存" in err
