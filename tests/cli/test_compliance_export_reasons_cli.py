"""`casedesk export compliance`: a blocked row's Reasons give why it was refused, as its Rules,
not the allowed quiet-hours text beside it (QA s45 finding 4)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import office_today
from tests.reports.test_compliance_allowed_findings import _two_blocks


def test_the_export_leaves_out_the_allowed_text(demo_path, cli, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    day = office_today() - dt.timedelta(days=1)
    database = open_database(demo_path, TEST_KEY)
    try:
        case_no = _two_blocks(database, day)
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    for lang, refused, agreed in (
        ("en", "refused further contact", "allowed because the borrower agreed"),
        ("zh_CN", "借款人已拒绝继续联系", "因借款人同意而允许"),
    ):
        out = Path(tmp_path) / f"compliance-{lang}.csv"
        code, _, err = cli(
            "--lang", lang, "--db", demo_path, "export", "compliance", out,
            "--verdict", "blocked", "--from", day.isoformat(), "--to", day.isoformat(),
        )  # fmt: skip
        assert code == 0, err
        with open(out, encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in csv.reader(handle) if r[1] == case_no]
        (borrower,) = [r for r in rows if r[7] == "stop_contact_refused"]
        assert refused in borrower[8] and agreed not in borrower[8]
        assert any("quiet_hours" in r[7] for r in rows)  # the relative's call, refused for it
