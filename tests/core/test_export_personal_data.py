"""An export with full personal data (QA s23): the admin's only, for a written reason as long as a
reveal's; the reason, list, rows and file in the audit entry; the file marked (XLSX: a first note
sheet and a page header; CSV: a last column); the message says full or masked."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit_seal import is_sealed, open_changes
from app.errors import PermissionDenied, ValidationError
from app.export import export_rows
from app.export_kinds import KINDS, TextFilter
from app.export_personal import PERSONAL_LISTS, export_message, suggested_name
from app.i18n import set_language
from app.models import AuditEntry, Borrower, User
from app.queries.audit_log import AuditFilter
from tests.office_day import office_today

REASON = "Court order 2026-88 & its annex"


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _export(database, username: str, kind: str, path: Path, **options):
    with database.session() as session:
        return export_rows(session, _user(session, username), kind, path, **options)


def _entries(database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count(AuditEntry.id)))


def _last_entry(database) -> AuditEntry:
    with database.sessions() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))


def test_full_personal_data_needs_the_right_and_a_reason(demo_db, tmp_path: Path) -> None:
    before = _entries(demo_db)
    path = tmp_path / "b.csv"
    for reason in (None, "", "   ", "court", "法院要求"):  # "法院要求" counts 8 of 10
        with pytest.raises(ValidationError, match="needs a written reason of at least 10"):
            _export(demo_db, "admin", "borrowers", path, personal_data=True, reason=reason)
    with pytest.raises(PermissionDenied):  # the right first: a supervisor's reason is no key
        _export(demo_db, "supervisor", "borrowers", path, personal_data=True, reason=REASON)
    with pytest.raises(ValidationError, match="holds no personal data"):
        _export(demo_db, "admin", "training", tmp_path / "t.csv", personal_data=True, reason=REASON)
    assert not path.exists() and not (tmp_path / "t.csv").exists()
    assert _entries(demo_db) == before  # nothing written, nothing audited
    # Ten as a reveal counts them: five Chinese characters are enough.
    result = _export(demo_db, "admin", "borrowers", path, personal_data=True, reason="法院调查函")
    assert not result.masked and result.reason == "法院调查函"


def test_the_csv_is_marked_in_a_last_column_and_the_entry_keeps_the_reason(
    demo_db, tmp_path: Path
) -> None:
    flt = TextFilter(search="王")
    path = tmp_path / "borrowers-personal-data.csv"
    result = _export(
        demo_db, "admin", "borrowers", path, filters=flt, personal_data=True, reason=f"  {REASON}\n"
    )
    header, *rows = _csv(path)
    assert header == [
        "No.", "Name", "ID number", "Segment", "Phone", "Loans", "City", "Full personal data"
    ]  # fmt: skip
    with demo_db.sessions() as session:
        admin = _user(session, "admin").display_name
        today = office_today().isoformat()
        first = session.scalar(select(Borrower).where(Borrower.borrower_no == rows[0][0]))
        assert rows[0][2] == first.national_id  # in full
    note = f"Contains full personal data — exported by {admin} on {today} for: {REASON}"
    assert rows and all(r[-1] == note for r in rows) and result.rows == len(rows)
    entry = _last_entry(demo_db)
    assert (entry.action, entry.entity_id) == ("list.export", "borrowers")
    assert entry.changes["reason"] == REASON
    assert entry.changes["rows"] == len(rows) and entry.changes["file"] == path.name
    assert entry.changes["personal_data"] is True
    # A name searched is a borrower's: sealed with their key (tests/core/test_export_search_audit)
    assert is_sealed(entry.changes["filters"]["search"])
    with demo_db.sessions() as session:
        opened = open_changes(session, entry.changes)
    assert opened["filters"] == {"search": "王"}
    # The Audit page (and its export) reads the entry in words, the reason among them.
    _export(demo_db, "admin", "audit", tmp_path / "a.csv", filters=AuditFilter(action="list"))
    (words,) = [r[5] for r in _csv(tmp_path / "a.csv")[1:] if json.loads(r[9]) == opened]
    assert "Search = 王" in words and "With personal data: Yes" in words
    assert words.endswith(f"Reason: {REASON}")
    assert "Rows: " in words and f"File: {path.name}" in words

    # A masked export is as it was: no note column, no reason in its entry.
    _export(demo_db, "admin", "borrowers", tmp_path / "m.csv", filters=flt)
    masked_header, *masked = _csv(tmp_path / "m.csv")
    assert masked_header == header[:-1] and all("*" in r[2] for r in masked)
    assert "reason" not in _last_entry(demo_db).changes


def test_the_workbook_opens_on_a_note_sheet_and_its_pages_carry_the_note(
    demo_db, tmp_path: Path
) -> None:
    path = tmp_path / "queue.xlsx"
    result = _export(demo_db, "admin", "queue", path, personal_data=True, reason=REASON)
    book = load_workbook(path)
    assert book.sheetnames == ["Personal data", "Work queue"]
    assert book.active.title == "Personal data"  # the sheet a spreadsheet opens on
    note = book["Personal data"]["A1"].value
    assert note.startswith("Contains full personal data — exported by ") and note.endswith(REASON)
    assert "delete it after use" in book["Personal data"]["A2"].value
    data = list(book["Work queue"].iter_rows(values_only=True))
    assert data[0][:4] == ("Case no.", "Loan no.", "Borrower", "ID number")
    assert len(data) - 1 == result.rows > 0 and "*" not in data[1][3]
    # & starts a page-setup code: doubled, it prints as itself.
    assert book["Work queue"].oddHeader.center.text == note.replace("&", "&&")

    set_language("zh_CN")
    try:
        _export(demo_db, "admin", "cases", tmp_path / "c.xlsx", personal_data=True, reason=REASON)
        zh = load_workbook(tmp_path / "c.xlsx")
        assert zh.sheetnames[0] == "个人信息"
        assert zh.active["A1"].value.startswith("含完整个人信息 — 由 ")
    finally:
        set_language(None)

    _export(demo_db, "admin", "queue", tmp_path / "masked.xlsx")
    assert load_workbook(tmp_path / "masked.xlsx").sheetnames == ["Work queue"]


def test_the_message_says_full_or_masked(demo_db, tmp_path: Path) -> None:
    full = _export(
        demo_db, "admin", "borrowers", tmp_path / "f.csv", personal_data=True, reason=REASON
    )
    assert export_message(full).endswith(
        "The file holds full personal data; keep it safe and delete it after use."
    )
    masked = _export(demo_db, "admin", "borrowers", tmp_path / "m.csv")
    assert export_message(masked).endswith(
        "rows to " + str(masked.path) + ". Personal data is masked."
    )
    plain = _export(demo_db, "admin", "training", tmp_path / "t.csv")
    assert "masked" not in export_message(plain)  # no personal data in that list to mask


def test_the_lists_offered_in_full_are_those_with_masked_columns() -> None:
    assert {name for name, kind in KINDS.items() if kind.personal_columns} == PERSONAL_LISTS
    assert suggested_name("borrowers", "csv", True) == "borrowers-personal-data.csv"
    assert suggested_name("borrowers", "xlsx", False) == "borrowers.xlsx"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_file_of_full_personal_data_is_its_owners_alone(demo_db, tmp_path: Path) -> None:
    """Other accounts on the computer may not read it (found by QA: written 0644 as the umask
    had it), whatever mode a file it replaces had; a masked list keeps the umask's mode."""
    full, masked = tmp_path / "full.csv", tmp_path / "masked.xlsx"
    full.write_text("old")
    full.chmod(0o644)
    _export(demo_db, "admin", "borrowers", full, personal_data=True, reason=REASON)
    _export(demo_db, "admin", "queue", tmp_path / "full.xlsx", personal_data=True, reason=REASON)
    _export(demo_db, "admin", "borrowers", masked)
    assert stat.S_IMODE(full.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "full.xlsx").stat().st_mode) == 0o600
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(masked.stat().st_mode) == 0o666 & ~umask
