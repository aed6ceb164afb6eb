"""`casedesk audit export --from D --to D` exports the office's days, as the Audit page lists
them and its Export… writes them: in Shanghai, 1 Dec runs from 16:00 UTC 30 Nov to 16:00 UTC
1 Dec; the export's own entry names those days and the entries it wrote. QA: the CLI counted UTC
days, so a supervisor exporting 1 Dec–1 Dec got 08:00 1 Dec to 08:00 2 Dec."""

from __future__ import annotations

import csv
import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from app import audit
from app.models import AuditEntry
from app.office import office_timezone
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from db.store import open_database
from tests.cli.test_agreement_ready_words_cli import _run, office
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _user

__all__ = ["office"]
DAY = dt.date(2025, 12, 1)  # a day gone by: nothing else was written on it
# Office-local times: the first minutes and the last of 1 Dec, and the first of 2 Dec.
WRITTEN = {"EARLY": (DAY, dt.time(0, 5)), "LATE": (DAY, dt.time(23, 55)),
           "NEXT": (DAY + dt.timedelta(days=1), dt.time(7, 30))}  # fmt: skip


def test_audit_export_counts_the_offices_days(  # type: ignore[no-untyped-def]
    office, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = office
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            zone = zoneinfo.ZoneInfo(office_timezone(s))
            assert zone.key == "Asia/Shanghai"
            admin = _user(s, "admin")
            for loan, (day, time) in WRITTEN.items():
                at = dt.datetime.combine(day, time, zone).astimezone(dt.UTC)
                audit.record(s, admin, "loan.legal", "loan", loan, {"to": "legal"}, at=at)
        with database.session() as s:  # what the Audit page lists for 1 Dec–1 Dec
            ids = audit_ids(s, _user(s, "supervisor"), AuditFilter(date_from=DAY, date_to=DAY))
            on_page = sorted(r.entity_id for r in audit_rows(s, ids).values())
    finally:
        database.close()
    assert on_page == ["EARLY", "LATE"]
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    target = tmp_path / "trail.csv"
    day = DAY.isoformat()
    code, out, err = _run(
        capsys, "--db", str(path), "audit", "export", "--from", day, "--to", day, "-o", str(target)
    )
    assert code == 0, err
    with open(target, encoding="utf-8-sig", newline="") as handle:
        exported = sorted(r["entity_id"] for r in csv.DictReader(handle))
    assert exported == on_page, out
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "audit.export")).one()
            assert entry.changes is not None
            assert (entry.changes["from"], entry.changes["to"]) == (day, day)
            assert entry.changes["entries"] == 2
    finally:
        database.close()
    for lang, words in (("en", "the office's days, both included"), ("zh_CN", "营业部所在时区")):
        code, said, _ = _run(capsys, "--lang", lang, "audit", "export", "--help")
        assert code == 0 and "".join(words.split()) in "".join(said.split()), said
