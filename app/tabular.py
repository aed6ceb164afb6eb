"""Read spreadsheets a lender really has: CSV (or tab-separated text) in UTF-8 or GB18030 (BOM or
not), or XLSX (the sheet holding the list, in a workbook of several).

Rows come back as dicts keyed by canonical column names (via an alias table that accepts
Chinese and English headers), each with its 1-based line number in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import Counted


@dataclass(frozen=True)
class SheetRow:
    line: int
    values: dict[str, Any]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("The file is neither UTF-8 nor GB18030 text.")


def _raw_rows(path: Path, aliases: Mapping[str, tuple[str, ...]]) -> list[list[Any]]:
    """The rows of a text file (comma- or tab-separated), or of the workbook's sheet whose header
    names the most columns, as the data imports read them (app/importer/sheet.py)."""
    from app.importer.sheet import best_sheet, delimiter, norm_header

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise ValidationError(
                "{file} is not a readable Excel workbook.", file=path.name
            ) from None
        lookup = {norm_header(a): key for key, names in aliases.items() for a in (key, *names)}
        sheet = best_sheet(book.worksheets, lookup)
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if suffix in (".csv", ".txt"):
        text = _decode(path.read_bytes())
        try:
            return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter(text))]
        except csv.Error as exc:
            raise ValidationError(
                "{file} is not valid CSV: {error}", file=path.name, error=str(exc)
            ) from None
    raise ValidationError("Import reads .csv or .xlsx files, not {file}.", file=path.name)


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s_\-（）()]", "", str(value or "")).lower()


HEADER_SEARCH_ROWS = 10  # as app/importer/sheet.py: a title and notes may come first


def read_rows(
    path: Path, aliases: Mapping[str, tuple[str, ...]], optional: Collection[str] = ()
) -> list[SheetRow]:
    """Rows of the list's sheet; the header is the row among the first ten non-empty ones that
    names the most columns (a title row above it is passed over, as the data imports do). Empty
    rows are skipped."""
    if not path.is_file():
        raise ValidationError("No file at {path}.", path=str(path))
    raw = _raw_rows(path, aliases)
    lookup = {_norm_header(a): key for key, names in aliases.items() for a in (key, *names)}
    filled = [i for i, r in enumerate(raw) if any(_cell(c) for c in r)][:HEADER_SEARCH_ROWS]
    if not filled:
        raise ValidationError("{file} is empty.", file=path.name)

    def named(i: int) -> int:
        return len({lookup[h] for c in raw[i] if (h := _norm_header(c)) in lookup})

    header_index = max(filled, key=lambda i: (named(i), -i))  # the first of the best
    columns = [lookup.get(_norm_header(h)) for h in raw[header_index]]
    missing = [k for k in aliases if k not in columns and k not in optional]
    if missing:
        raise ValidationError(
            "{file} lacks {what}: {columns}.",
            file=path.name,
            what=Counted(len(missing), "a column", "these columns"),
            columns=[f"{aliases[k][0]}/{k}" if aliases[k] else k for k in missing],
        )
    rows = []
    for offset, cells in enumerate(raw[header_index + 1 :], start=header_index + 2):
        if not any(_cell(c) for c in cells):
            continue
        values = {
            col: cells[i] if i < len(cells) else None
            for i, col in enumerate(columns)
            if col is not None
        }
        rows.append(SheetRow(offset, values))
    return rows


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date:
    """A date from an Excel cell or text: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(value)
    if " " in text:
        text = text.split(" ", 1)[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise ValidationError("Cannot read the date {value!r}.", value=text)


def parse_whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValidationError("Not a whole number: {value}", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _cell(value)
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return int(float(text))
    raise ValidationError("Not a whole number: {value}", value=text)


def text_of(value: Any) -> str:
    return _cell(value)
