"""`casedesk import borrowers` with two numbers in a phone cell: the dry run counts every number,
the import records each (the first the primary), a re-import skips the borrowers, and a bad number
among good ones is named by row and column with nothing imported."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

MOBILE = 3  # the phone column in importer_files.BORROWER_ZH rows


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _file(tmp_path, name, *cells):
    rows = f.borrowers(len(cells))
    for row, cell in zip(rows, cells, strict=True):
        row[MOBILE] = cell
    return f.write_csv(tmp_path / name, f.BORROWER_ZH, rows)


def test_two_numbers_in_a_cell_are_both_imported(cli, db, tmp_path):
    path = _file(tmp_path, "b.csv", "13812345674/13900001111", "138 1234 5675 (本人) 139 0000 1112")
    code, out, err = cli("import", "borrowers", path, "--dry-run", *db)
    assert code == 0, err
    assert "2 rows checked: 2 new" in out and "  phones: 4" in out
    assert "The new borrowers bring 4 phone numbers" in out
    code, out, err = cli("import", "borrowers", path, *db)
    assert code == 0, err
    assert "Imported 2 new borrowers" in out and "  phones: 4" in out
    code, out, err = cli(
        "borrower", "reveal", "B000002", "phones", "--reason", "Calling the borrower", *db
    )
    assert code == 0, err
    assert out.split() == ["+8613812345675", "+8613900001112"]
    code, out, err = cli("import", "borrowers", path, *db)
    assert code == 0, err
    assert "Imported 0 new borrowers; 2 borrowers already in Casedesk were skipped." in out


def test_a_bad_number_in_the_cell_is_named(cli, db, tmp_path):
    path = _file(tmp_path, "b.csv", "13812345674", "13812345675；1390000111")
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", path, *db)
    assert code == 1 and out == ""
    assert "第 3 行" in err and "1390000111" in err and "不是中国大陆手机号" in err
    assert "未导入任何记录" in err
