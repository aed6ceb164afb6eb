"""`casedesk import borrowers --dry-run` with the related person columns: the check says how many
persons the rows bring and saves nothing; a bad relation names its row and column."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

RELATED_ZH = ["联系人姓名", "联系人关系", "联系人电话"]


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _file(tmp_path, relation: str):
    people = [["李强", "担保人", "139 8765 4321"], ["王芳", relation, ""]]
    rows = [row + p for row, p in zip(f.borrowers(2), people, strict=True)]
    return f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, rows)


def test_the_dry_run_counts_the_related_persons(cli, db, tmp_path):
    path = _file(tmp_path, "母亲")
    code, out, err = cli("import", "borrowers", path, "--dry-run", *db)
    assert code == 0, err
    assert "2 related persons to add." in out and "nothing was saved (dry run)" in out
    # The summary's count in words (QA s47 N-6: it read "related: 2", the code)
    assert "  related persons: 2" in out.splitlines() and "related:" not in out
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", path, "--dry-run", *db)
    assert code == 0 and "将添加 2 位关联人。" in out
    assert "  关联人：2" in out.splitlines() and "related" not in out
    code, out, err = cli("borrower", "show", "B000001", *db)
    assert code != 0  # nothing was saved


def test_a_bad_relation_names_its_row(cli, db, tmp_path):
    code, out, err = cli("import", "borrowers", _file(tmp_path, "舅舅"), "--dry-run", *db)
    assert code == 1 and out == ""
    assert "b.csv, row 3, 联系人关系: Unknown relation 舅舅; choose from: guarantor" in err
