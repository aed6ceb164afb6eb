"""Cells holding a formula whose value was never saved.

A program that writes a workbook (openpyxl, a core system's exporter) may store a formula without
its value, which Excel works out only when it opens the file. Read for its values, as the imports
read a workbook, such a cell is empty, though Excel shows a number in it. Excel, WPS and
LibreOffice save every formula's value with it, so saving the file there mends it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from app.errors import ValidationError

_CHUNK = 1 << 20
# A cell whose formula (its first child) is followed by nothing but an empty value: written by
# openpyxl as <c r="B2"><f>100+200</f><v/></c>, or a shared formula's <f t="shared" si="0"/>. A
# formula that came to "" has an empty value too, but its cell says t="str".
_UNSAVED = re.compile(
    rb"<(?:\w+:)?c\b(?P<attrs>[^<>]*)(?<!/)>\s*"
    rb"<(?:\w+:)?f\b[^<>]*(?:/>|(?<!/)>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_STRING = re.compile(rb"""\bt\s*=\s*["']str["']""")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")


def unsaved_formula() -> ValidationError:
    """What such a cell is refused with (its row and column are told beside it)."""
    return ValidationError(
        "The cell holds a formula whose value was never saved: open the file in Excel or WPS, "
        "save it, and import it again."
    )


def unsaved_formulas(path: Path, title: str) -> set[tuple[int, int]]:
    """(row, column) of the cells of sheet `title` whose formula has no saved value: rows from 1 as
    the sheet numbers them, columns from 0. Empty when the file cannot be read this way."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_parts(archive).get(title)
            if part is None:
                return set()
            with archive.open(part) as stream:
                return _cells(stream)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError):
        return set()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's title → its part in the package, through the workbook's relationships."""
    book = ""
    for rel in ElementTree.fromstring(archive.read("_rels/.rels")):
        if rel.get("Type", "").endswith("/officeDocument"):
            book = rel.get("Target", "").lstrip("/")
    folder, name = posixpath.split(book)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(book)).iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        if target:
            where = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            parts[sheet.get("name", "")] = posixpath.normpath(where)
    return parts


def _cells(stream: IO[bytes]) -> set[tuple[int, int]]:
    """The sheet's XML inflated and searched, never parsed: read in pieces that end at a row's
    end (so no cell is cut in two), and only a piece holding a formula at all is searched."""
    found: set[tuple[int, int]] = set()
    rest = b""
    while True:
        chunk = stream.read(_CHUNK)
        buffer = rest + chunk
        if chunk:
            last = buffer.rfind(b"row>")
            end = _ROW_END.search(buffer, max(0, last - 16)) if last >= 0 else None
            if end is None:
                rest = buffer
                continue
            piece, rest = buffer[: end.end()], buffer[end.end() :]
        else:
            piece = buffer
        if b"<f" in piece or b":f" in piece:
            for cell in _UNSAVED.finditer(piece):
                attrs = cell["attrs"]
                ref = _REF.search(attrs)
                if ref is None:  # no writer seen leaves out a cell's place; none is guessed
                    continue
                if not _STRING.search(attrs):
                    found.add((int(ref[2]), _column(ref[1])))
        if not chunk:
            return found


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1
