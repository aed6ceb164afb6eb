"""A new office's first day on the command line, in Chinese: what an import added is told with
Chinese punctuation, and a training day typed wrong says it is no day of the calendar."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_what_an_import_added_reads_as_chinese(cli, db, tmp_path):
    borrowers = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(2))
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", borrowers, *db)
    assert code == 0, err
    assert out.splitlines()[1:] == ["  电话：2", "  地址：2"]  # not "电话: 2"
    loans = f.write_csv(tmp_path / "借据.csv", f.LOAN_ZH, f.loans(2))
    code, out, err = cli("import", "loans", loans, *db)
    assert code == 0, err
    assert out.splitlines()[1] == "  instalments: 24"


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "There is no such date: 2026/2/30."), ("zh_CN", "不存在的日期：2026/2/30。")],
)
def test_a_training_day_not_in_the_calendar(cli, db, lang, message):
    code, _out, err = cli(
        "--lang", lang, "training", "add", "bob", "LAW", "--date", "2026/2/30", "--score", "88", *db
    )
    assert code == 1 and err == f"casedesk: {message}\n"
