"""The Audit list's export keeps the seconds the page shows (QA s47 N-8: the page read 06:50:39,
the CSV "06:50" and the workbook's format hh:mm): the CSV's Time is to the second and the
workbook's cell a time to the second, formatted yyyy-mm-dd hh:mm:ss, on the office's clock;
the other lists keep minutes."""

from __future__ import annotations

import csv
import datetime as dt
import zoneinfo
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app import audit
from app.export import export_rows
from app.models import User
from app.office import office_timezone
from app.queries.audit_log import AuditFilter

# An entry written at 22:50:39.7 UTC: 06:50:39 in Shanghai, never rounded to :40.
AT = dt.datetime(2026, 3, 4, 22, 50, 39, 700000, tzinfo=dt.UTC)


def _entry(database) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A marked entry at AT; (its id, its time as the Audit page shows it)."""
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        entry = audit.record(s, admin, "borrower.note", "borrower", "SECONDS-1", {}, at=AT)
        zone = zoneinfo.ZoneInfo(office_timezone(s))
        return entry.id, AT.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def test_the_audit_export_keeps_seconds(demo_db, tmp_path: Path) -> None:
    number, shown = _entry(demo_db)
    flt = AuditFilter(entity_id="SECONDS-1")
    with demo_db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        export_rows(s, admin, "audit", tmp_path / "a.csv", filters=flt)
        export_rows(s, admin, "audit", tmp_path / "a.xlsx", filters=flt)
    rows = list(csv.reader((tmp_path / "a.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert rows[1][:2] == [str(number), shown] and shown.endswith(":39")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    cell = sheet.cell(row=2, column=2)
    assert cell.number_format == "yyyy-mm-dd hh:mm:ss"
    assert cell.value.strftime("%Y-%m-%d %H:%M:%S") == shown and cell.value.microsecond == 0


def test_other_lists_keep_minutes(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        export_rows(s, admin, "compliance", tmp_path / "c.csv")
    rows = list(csv.reader((tmp_path / "c.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert len(rows) > 1 and len(rows[1][0]) == len("2026-03-05 06:50")
