"""`casedesk import borrowers` with a 邮编 column: a bad one named by row and column, nothing
imported; a good one kept, revealed with its whole address; the template carries the column."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_import_reads_checks_and_keeps_the_postcode(cli, db, tmp_path):
    rows = [[*row, code] for row, code in zip(f.borrowers(2), ["100020", "10002"], strict=True)]
    bad = f.write_csv(tmp_path / "bad.csv", [*f.BORROWER_ZH, "邮编"], rows)
    code, out, err = cli("import", "borrowers", bad, *db)
    assert code == 1 and out == ""
    assert "bad.csv, row 3, 邮编: 10002 is not a postcode; a postcode has six digits." in err
    assert "nothing was imported" in err
    rows[1][-1] = "100022"
    good = f.write_csv(tmp_path / "good.csv", [*f.BORROWER_ZH, "邮政编码"], rows)
    code, out, err = cli("import", "borrowers", good, *db)
    assert code == 0, err
    assert "Imported 2 new borrowers" in out and "Not read" not in out
    code, out, err = cli(
        "borrower", "reveal", "B000002", "addresses", "--reason", "Checking the visit route", *db
    )
    assert code == 0, err
    assert out.strip() == "北京市幸福路2号 100022"  # the city the file gave, before the line


def test_the_uk_template_has_a_postcode_column(cli, db, tmp_path):
    path = tmp_path / "t.csv"
    code, _out, err = cli("import", "template", "borrowers", path, "--country", "GB")
    assert code == 0, err
    header, example = path.read_text("utf-8-sig").splitlines()[:2]
    columns = header.split(",")
    assert "postcode" in columns
    assert example.split(",")[columns.index("postcode")] == "LS6 2AB"
