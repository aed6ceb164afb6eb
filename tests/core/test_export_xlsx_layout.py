"""An XLSX export's list sheet keeps its header row in sight (frozen) and gives each column a
width that fits its header and its cells (QA s47: freeze_panes was set after the header row,
which a write-only sheet ignores, and no width was set: no <pane>, no <cols> in the sheet)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli.table import display_width
from app.export import export_rows
from app.export_writers import MAX_WIDTH, column_widths
from app.i18n import set_language
from app.models import User

REASON = "Head office reconciliation, ticket 2026-118"


def _export(database, username: str, kind: str, path: Path, **options):  # type: ignore[no-untyped-def]
    with database.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        return export_rows(session, user, kind, path, **options)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("kind", ["queue", "borrowers", "compliance", "training"])
def test_the_header_is_frozen_and_columns_fit(
    demo_db, tmp_path: Path, lang: str, kind: str
) -> None:
    set_language(lang)
    try:
        path = tmp_path / f"{kind}.xlsx"
        result = _export(demo_db, "supervisor", kind, path)
    finally:
        set_language("en")
    assert result.rows > 0
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="1" topLeftCell="A2"' in xml and 'state="frozen"' in xml
    assert "<cols>" in xml
    sheet = load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    for index, text in enumerate(header, start=1):
        width = sheet.column_dimensions[sheet.cell(1, index).column_letter].width
        assert min(display_width(text), MAX_WIDTH) <= width <= MAX_WIDTH, (text, width)


def test_a_personal_data_export_freezes_its_list_sheet(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "borrowers.xlsx"
    _export(demo_db, "admin", "borrowers", path, personal_data=True, reason=REASON)
    book = load_workbook(path)
    note, listed = book.worksheets
    assert listed.freeze_panes == "A2" and note.freeze_panes is None
    id_column = [c.value for c in listed[1]].index("ID number") + 1
    # an 18-digit ID number fits its column
    assert listed.column_dimensions[listed.cell(1, id_column).column_letter].width >= 18


def test_widths_count_chinese_characters_twice_and_stay_in_bounds() -> None:
    widths = column_widths(["姓名", "No.", "Notes"], [["张伟", "B1", "x" * 500]])
    assert widths == [8.0, 8.0, float(MAX_WIDTH)]
    assert column_widths(["地址"], [["北京市东城区东直门南大街十号"]]) == [30.0]
