"""Who may export the audit trail, by either command, and in which formats (`casedesk audit
export`, `casedesk export audit`)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export_safety import csv_cell
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _as(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    monkeypatch.setenv("CASEDESK_USER", user)


def _period() -> list[str]:
    today = office_today()  # the command reads its dates on the office's clock
    return ["--from", (today - dt.timedelta(days=400)).isoformat(), "--to", today.isoformat()]


def _written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("demo"))


def test_a_supervisor_exports_the_audit_trail_by_neither_command(
    cli, db, monkeypatch, tmp_path: Path
) -> None:
    """The permission table gives the export of the audit trail to the admin alone: `export
    audit` (the Audit page's list) checked only that a supervisor may read it."""
    _as(monkeypatch, "supervisor")
    refused = "casedesk: supervisor (Supervisor) may not export the audit trail; ask an admin.\n"
    for name in ("a.csv", "a.xlsx"):
        assert cli("export", "audit", tmp_path / name, *db) == (1, "", refused)
    code, _, err = cli("audit", "export", *_period(), "-o", tmp_path / "b.csv", *db)
    assert (code, err) == (1, refused)
    code, _, err = cli("--lang", "zh_CN", "export", "audit", tmp_path / "a.csv", *db)
    assert code == 1 and "无权导出审计日志" in err, err
    assert _written(tmp_path) == []
    assert cli("export", "compliance", tmp_path / "c.csv", *db)[0] == 0  # other lists stay theirs

    _as(monkeypatch, "admin")
    code, out, err = cli("export", "audit", tmp_path / "a.xlsx", *db)
    assert code == 0 and "Exported" in out, err
    assert load_workbook(tmp_path / "a.xlsx").active.max_row > 1


def test_audit_export_writes_the_format_its_file_names(
    cli, db, monkeypatch, tmp_path: Path
) -> None:
    """`-o a.xlsx` wrote CSV text under the workbook's name; now an XLSX with the CSV's rows, and
    a suffix it cannot write is refused before anything is written."""
    _as(monkeypatch, "admin")
    code, out, err = cli("audit", "export", *_period(), "-o", tmp_path / "a.csv", *db)
    assert code == 0 and "audit entries" in out, err
    code, out, err = cli("audit", "export", *_period(), "-o", tmp_path / "a.xlsx", *db)
    assert code == 0 and str(tmp_path / "a.xlsx") in out, err
    assert (tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"  # a zip, as a workbook is
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == list(cells[0]) == [
        "id", "at_utc", "user", "action", "entity", "entity_id", "changes", "prev_hash", "hash",
        "action_words", "record_words", "changes_words",
    ]  # fmt: skip
    # The workbook's period holds the CSV's export and the login of the command that wrote it.
    assert [c[3] for c in cells[len(rows) :]] == ["audit.export", "user.login"]
    for text, typed in zip(rows[1:], cells[1:], strict=False):
        # Text Excel would read as a number (the first prev_hash, 64 zeros) is ="…" in the CSV
        assert ["" if v is None else str(v) for v in typed] == [csv_cell(t) for t in text]

    code, out, err = cli("audit", "export", *_period(), "-o", tmp_path / "a.pdf", *db)
    assert (code, out) == (1, "") and "Unknown export format pdf; choose csv or xlsx." in err
    code, _, err = cli("audit", "export", *_period(), "-o", tmp_path / "t", "--format", "xlsx", *db)
    assert code == 0, err
    with open(tmp_path / "t", "rb") as handle:
        assert next(load_workbook(handle).active.iter_rows(values_only=True)) == cells[0]
    assert _written(tmp_path) == ["a.csv", "a.xlsx", "t"]
