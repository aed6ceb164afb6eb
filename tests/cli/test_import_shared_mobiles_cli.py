"""`casedesk import borrowers` with a new borrower's mobile another borrower holds: the row is named
with the other borrower's number and masked ID and nothing is imported; with --shared-reason the
dry run lists it and the import records it as shared, audited."""

from __future__ import annotations

import json

import pytest

from app.privacy import mask_id
from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

MOBILE = 3


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _files(tmp_path):
    first = f.write_csv(tmp_path / "first.csv", f.BORROWER_ZH, f.borrowers(1))
    rows = f.borrowers(2, start=2)
    rows[0][MOBILE] = f.mobile(1)
    return first, f.write_csv(tmp_path / "next.csv", f.BORROWER_ZH, rows)


def test_a_mobile_on_file_for_another_borrower_stops_the_import(cli, db, tmp_path):
    first, path = _files(tmp_path)
    assert cli("import", "borrowers", first, *db)[0] == 0
    code, out, err = cli("import", "borrowers", path, *db)
    assert code == 1 and out == ""
    assert "next.csv, row 2, 手机号: Mobile +86 131****7919 is already on file for borrower" in err
    assert f"B000001 (ID {mask_id(f.national_id(1))})" in err and f.national_id(1) not in err
    assert "import again with --shared-reason saying why" in err
    assert "an admin can import it recorded as shared" in err and "supervisor" not in err
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", path, *db)
    assert code == 1 and "已登记在借款人 B000001（身份证号" in err and "--shared-reason" in err
    assert "可由管理员写明原因" in err and "主管" not in err  # only an admin imports (QA)
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", path, "--dry-run", *db)
    assert code == 1 and "可由管理员写明原因" in err and "主管" not in err


def test_with_a_reason_it_is_imported_as_shared(cli, db, tmp_path):
    first, path = _files(tmp_path)
    assert cli("import", "borrowers", first, *db)[0] == 0
    reason = ["--shared-reason", "Spouses share the household line"]
    code, out, err = cli("import", "borrowers", path, "--dry-run", *reason, *db)
    assert code == 0, err
    assert "to be recorded as shared with the reason given: row 2: +86 131****7919" in out
    code, out, err = cli("import", "borrowers", path, *reason, "--json", *db)
    assert code == 0, err
    shared = json.loads(out)["shared"]
    assert shared == [
        {
            "row": 2,
            "borrower_no": "B000002",
            "number": "+86 131****7919",
            "other_borrower_no": "B000001",
            "other_row": None,
        }
    ]
    code, out, err = cli("audit", "list", "--json", *db)
    assert code == 0, err
    assert "B000002" in out and "phone.add" in out


def test_a_short_reason_is_refused(cli, db, tmp_path):
    _first, path = _files(tmp_path)
    code, out, err = cli("import", "borrowers", path, "--shared-reason", "ok", *db)
    assert code != 0 and "reason" in err
