"""Finding the cells whose formula has no saved value, in the XML the writers really produce:
openpyxl's <v />, a shared formula's <f t="shared" si="0"/>, a prefixed namespace (the OpenXML
SDK's <x:c>), a formula that came to empty text, and a sheet read in pieces."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.importer import formulas

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
TAIL = "</sheetData></worksheet>"
ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    # saved by Excel: a value, and a formula that came to "" (t="str", empty value)
    '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>IF(1,"",2)</f><v></v></c>'
    "</row>"
    # written by openpyxl: no value; a shared formula's master and one of its cells, no values
    '<row r="3"><c r="A3"><f>100+200</f><v /></c>'
    '<c r="B3" s="1"><f t="shared" ref="B3:B4" si="0">A3*2</f></c></row>'
    '<row r="4" spans="1:28"><c r="AB4"><f t="shared" si="0"/></c>'
    '<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
)
FOUND = {(3, 0), (3, 1), (4, 27)}


def _found(xml: str) -> set[tuple[int, int]]:
    return formulas._cells(io.BytesIO(xml.encode()))


@pytest.mark.parametrize("chunk", [1 << 20, 64, 7, 1])
def test_cells_without_a_saved_value_are_found_in_pieces_of_any_size(chunk, monkeypatch):
    monkeypatch.setattr(formulas, "_CHUNK", chunk)
    assert _found(HEAD + ROWS + TAIL) == FOUND


def test_a_prefixed_namespace_reads_the_same(monkeypatch):
    monkeypatch.setattr(formulas, "_CHUNK", 13)
    prefixed = (
        ROWS.replace("<row", "<x:row")
        .replace("</row>", "</x:row>")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>")
        .replace("<f", "<x:f")
        .replace("</f>", "</x:f>")
        .replace("<v", "<x:v")
        .replace("</v>", "</x:v>")
    )
    xml = HEAD.replace("<worksheet xmlns", "<x:worksheet xmlns:x").replace(
        "<sheetData>", "<x:sheetData>"
    )
    assert _found(xml + prefixed + "</x:sheetData></x:worksheet>") == FOUND


def test_a_sheet_without_formulas_has_none():
    assert _found(HEAD + '<row r="1"><c r="A1"><v>1</v></c></row>' + TAIL) == set()


def test_the_sheet_read_is_the_one_searched(tmp_path: Path):
    """In a workbook of several sheets, only the named one's cells are told."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "=1+1"
    loans = book.create_sheet("贷款台账")
    loans.append(["贷款编号", "本金"])
    loans.append(["L1", "=100+200"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert formulas.unsaved_formulas(path, "贷款台账") == {(2, 1)}
    assert formulas.unsaved_formulas(path, "说明") == {(1, 0)}
    assert formulas.unsaved_formulas(path, "nothing") == set()


def test_a_file_that_is_no_workbook_has_none(tmp_path: Path):
    path = tmp_path / "not.xlsx"
    path.write_bytes(b"PK not really")
    assert formulas.unsaved_formulas(path, "Sheet") == set()
    with zipfile.ZipFile(empty := tmp_path / "empty.xlsx", "w"):
        pass
    assert formulas.unsaved_formulas(empty, "Sheet") == set()
