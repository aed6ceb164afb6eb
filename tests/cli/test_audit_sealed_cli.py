"""`casedesk audit export` and `audit verify` on a copy of the demo office with a borrower's
personal data sealed in the trail (app/audit_seal.py): the export's words read the typed note
while its stored `changes` column holds it sealed; after `rules retention --erase` the words read
"(erased)", nothing of the note is left in the file or the table, and the chain verifies."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.borrower_phones import add_phone
from app.models import Borrower, Case, Loan
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_erasure import _erasable, _user
from tests.office_day import office_today

NOTE = "借款人说这是她女儿王小红的号码"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _sealed_note(path: Path) -> tuple[str, str]:
    """A phone with a typed note added for a borrower who may be erased: (borrower, a case)."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            borrower = _erasable(s)
            add_phone(s, _user(s, "supervisor"), borrower.borrower_no, "139 0000 1234", note=NOTE)
            case_no = s.scalar(
                select(Case.case_no)
                .join(Loan, Loan.id == Case.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .where(Borrower.id == borrower.id)
                .order_by(Case.id)
            )
            return borrower.borrower_no, case_no
    finally:
        database.close()


def _exported(cli, env, path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    today = office_today()  # the command reads its dates on the office's clock
    period = ["--from", (today - dt.timedelta(days=1)).isoformat(), "--to", today.isoformat()]
    code, _out, err = cli("audit", "export", *period, "-o", path, *env)
    assert code == 0, err
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["action"] == "phone.add")


def test_export_reads_the_sealed_note_then_erased_and_the_chain_verifies(
    cli, env, demo_path: Path, tmp_path: Path
) -> None:
    number, case_no = _sealed_note(demo_path)
    row = _exported(cli, env, tmp_path / "before.csv")
    assert f"Note: {NOTE}" in row["changes_words"] and row["entity_id"] == number
    assert NOTE not in row["changes"] and '"sealed"' in row["changes"]  # as stored, hashed
    code, out, err = cli("audit", "verify", *env)
    assert code == 0 and out.startswith("Audit trail intact"), err

    code, out, err = cli("rules", "retention", "--erase", case_no, "--yes", *env)
    assert code == 0, err
    row = _exported(cli, env, tmp_path / "after.csv")
    assert "Note: (erased)" in row["changes_words"]
    assert NOTE not in (tmp_path / "after.csv").read_text("utf-8-sig")
    code, out, err = cli("audit", "verify", *env)
    assert code == 0 and out.startswith("Audit trail intact"), err
    code, out, err = cli("--lang", "zh_CN", "audit", "verify", *env)
    assert code == 0 and out.startswith("审计日志完整"), err
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            stored = " ".join(str(c) for (c,) in s.execute(text("SELECT changes FROM audit_entry")))
        assert NOTE not in stored and "139****1234" not in stored
    finally:
        database.close()
