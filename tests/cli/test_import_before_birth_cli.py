"""`casedesk import loans` refuses a loan disbursed before its borrower was born, in English and
in Chinese, and saves nothing (QA s44: a loan of 1900-01-01 was booked for a borrower of 1961)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_import_loans_refuses_a_loan_older_than_its_borrower(cli, db, tmp_path) -> None:
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
    assert cli("import", "borrowers", borrowers, *db)[0] == 0
    rows = f.loans(1, disbursed=dt.date(1900, 1, 1))
    loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, rows)
    code, _out, err = cli("import", "loans", loans, *db)
    assert code == 1
    assert "The disbursement date 1900-01-01 is before borrower B000001 was born" in err
    code, _out, err = cli("--lang", "zh_CN", "import", "loans", loans, *db)
    assert code == 1 and "放款日期 1900-01-01 早于借款人 B000001 的出生日期" in err, err
    code, _out, err = cli("export", "loans", tmp_path / "after.csv", *db)
    assert code == 0, err
    assert "L000001" not in (tmp_path / "after.csv").read_text(encoding="utf-8-sig")
