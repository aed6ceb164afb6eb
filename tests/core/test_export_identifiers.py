"""CSV exports keep identifiers Excel would read as numbers (QA s47 N-4): an 18-digit ID number,
a +86 phone, an all-digit borrower number, a number with a leading 0 are written ="…", which
Excel, WPS and LibreOffice show as that text; the importer reads such a cell back to the plain
value: a full-personal-data export of the borrowers read through the import's own cell reading
gives each ID number, phone and number as stored."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from app.export import export_rows
from app.export_kinds import TextFilter
from app.export_safety import csv_cell, csv_text, excel_mangles
from app.importer import cells
from app.importer.sheet import raw_rows
from app.models import Borrower, Phone, User
from app.tabular import read_rows

REASON = "Head office reconciliation 2026"


def test_which_text_excel_would_change() -> None:
    for text in (
        "+8613812345602",
        "202612080000000001",
        "340104199706135119",
        "0755",
        "123456789012",
    ):
        assert (
            excel_mangles(text)
            and csv_text(text) == f'="{text}"'
            and csv_cell(csv_text(text)) == text
        )
    for text in (
        "34010419970613511X",
        "12345678901",
        "12",
        "0",
        "-12",
        "+86 138****5602",
        "C2026-01",
    ):
        assert not excel_mangles(text), text
    assert csv_cell('="a"b"') == '="a"b"' and csv_cell("=1") == "=1"  # not the form: as it is


def _stored(session) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Each borrower's number -> (ID number, primary phone), as stored."""
    found: dict[str, tuple[str, str]] = {}
    for b in session.scalars(select(Borrower).where(Borrower.name.like("%王%"))):
        phone = session.scalar(
            select(Phone.number)
            .where(Phone.borrower_id == b.id)
            .order_by(Phone.is_primary.desc(), Phone.id)
        )
        found[b.borrower_no] = (b.national_id, phone or "")
    return found


def test_a_full_personal_data_csv_reads_back_through_the_importer(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "borrowers-personal-data.csv"
    with demo_db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        export_rows(
            s, admin, "borrowers", path, filters=TextFilter(search="王"), personal_data=True,
            reason=REASON,
        )  # fmt: skip
        stored = _stored(s)
    raw = path.read_bytes().decode("utf-8-sig")
    national, phone = next(v for v in stored.values() if v[0].isdigit())
    assert f'"=""{national}"""' in raw and f'"=""{phone}"""' in raw  # as csv quotes ="…"
    as_written = list(csv.reader(raw.splitlines()))
    assert any(r[2] == f'="{national}"' for r in as_written[1:])

    rows, _unsaved = raw_rows(path)
    header, *data = rows
    assert header[:3] == ["No.", "Name", "ID number"] and len(data) == len(stored) > 1
    for row in data:
        no = cells.key(row[0])
        assert no in stored, row
        assert cells.resident_id(row[2]) == stored[no][0]
        assert cells.mobile(row[4]) == stored[no][1]
        assert cells.text(row[0]) == no and not row[2].startswith("=")
    # The training import's reader (app/tabular.py) reads the form alike.
    read = read_rows(path, {"No.": (), "ID number": ()}, optional=())
    assert {r.values["No."] for r in read} == set(stored)
    assert {r.values["ID number"] for r in read} == {v[0] for v in stored.values()}
