"""`casedesk export ... --personal-data --reason TEXT` (QA s23): refused without a reason, saying
so; the reason in the audit entry and in the file; --json gives the flag; the output says full or
masked."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry
from db.store import open_database
from tests.conftest import TEST_KEY

REASON = "Court order 2026-88"


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _last_entry(office: Path) -> AuditEntry:
    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as session:
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            session.expunge(entry)
            return entry
    finally:
        database.close()


def test_personal_data_is_refused_without_a_reason(cli, office: Path, tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    code, _, err = cli("export", "borrowers", path, "--personal-data", "--db", office)
    assert code == 1 and "--personal-data needs --reason TEXT" in err and not path.exists()
    code, _, err = cli(
        "export", "borrowers", path, "--personal-data", "--reason", "court", "--db", office
    )
    assert code == 1 and "at least 10 characters" in err and not path.exists()
    code, _, err = cli("export", "borrowers", path, "--reason", REASON, "--db", office)
    assert code == 1 and "--reason goes with --personal-data" in err and not path.exists()
    code, _, err = cli(
        "export", "borrowers", path, "--personal-data", "--reason", REASON, "--db", office,
        "--lang", "zh_CN", "--user", "supervisor",
    )  # fmt: skip
    assert code == 1 and "无权导出个人信息" in err and not path.exists()  # the right first


def test_personal_data_with_a_reason_is_marked_and_audited(
    cli, office: Path, tmp_path: Path
) -> None:
    path = tmp_path / "b.csv"
    code, out, err = cli(
        "export", "borrowers", path, "--personal-data", "--reason", REASON, "--db", office
    )
    assert code == 0, err
    assert "The file holds full personal data; keep it safe and delete it after use." in out
    header, *rows = csv.reader(path.read_bytes().decode("utf-8-sig").splitlines())
    assert header[-1] == "Full personal data" and rows
    assert all(r[-1].startswith("Contains full personal data") and REASON in r[-1] for r in rows)
    entry = _last_entry(office)
    assert entry.action == "list.export" and entry.entity_id == "borrowers"
    assert entry.changes["reason"] == REASON and entry.changes["personal_data"] is True
    assert entry.changes["rows"] == len(rows) and entry.changes["file"] == "b.csv"

    code, out, err = cli(
        "export", "queue", tmp_path / "q.xlsx", "--personal-data", "--reason", REASON,
        "--json", "--db", office,
    )  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert made["personal_data"] is True and made["reason"] == REASON
    assert made["list"] == "queue" and made["format"] == "xlsx" and made["rows"] > 0
    assert "Warning: the file holds full personal data" in err  # for the person, not the JSON


def test_a_masked_export_says_so(cli, office: Path, tmp_path: Path) -> None:
    code, out, _ = cli("export", "borrowers", tmp_path / "m.csv", "--db", office)
    assert code == 0 and out.strip().endswith("Personal data is masked.")
    code, out, _ = cli("export", "borrowers", tmp_path / "m.xlsx", "--json", "--db", office)
    assert code == 0 and json.loads(out)["personal_data"] is False
    assert json.loads(out)["reason"] is None
