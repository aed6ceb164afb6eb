"""Read an import file into a header and rows: CSV (UTF-8/GB18030/UTF-16) or XLSX.

Lenders' sheets are untidy: a title row above the header, header cells merged across or down,
formatted but empty rows at the bottom. The header is the row among the first ten that names the
most known columns (merged cells are filled in first); in a workbook of several sheets, the sheet
whose header names the most; a tab-separated text file is read as such; empty rows are skipped.
A column named twice (two "amount" columns, or "amount" and "还款金额") refuses the whole file:
which one holds the amounts is the lender's to say, not a guess. A cell in a column read that
holds a formula whose value was never saved (it reads as empty) is found (app.importer.formulas)
and told as such, not as missing. Problems with the file as a whole name no file: the report
already gives each problem its file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import Counted
from app.importer.columns import Column
from app.importer.formulas import unsaved_formulas
from app.tabular import BOOK_UNITS, HeaderNames, decode_text, norm_header, preferred_places

HEADER_SEARCH_ROWS = 10
# openpyxl's full mode (needed to see merged cells) holds every cell in memory; above this size
# the streaming mode reads the sheet instead.
FULL_MODE_MAX_BYTES = 8 * 1024 * 1024


@dataclass
class Table:
    file: str
    headers: list[str]  # as written in the file
    index: dict[str, int]  # column key → position
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (line in the file, cells)
    # (line, position) of the cells in the columns read that hold a formula with no saved value.
    unsaved: set[tuple[int, int]] = field(default_factory=set)
    # The named columns no Casedesk column is read from, as "I: 是否同意上门": an import says so.
    unread: list[str] = field(default_factory=list)

    def header_of(self, key: str) -> str:
        i = self.index.get(key)
        return self.headers[i] if i is not None else key


def cannot_open() -> ValidationError:
    """What a file another program holds open (Windows: Excel locks a workbook it has open) or
    this account may not read is refused with."""
    return ValidationError(
        "Cannot open the file: another program has it open (Excel locks a workbook while it is "
        "open), or this account may not read it. Close it there and try again."
    )


def raw_rows(
    path: Path, lookup: HeaderNames | None = None
) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    """The rows of a text file, or of the workbook's sheet whose header names the most of
    `lookup`'s columns (the first sheet when none does better); and the (row, column) of the
    cells holding a formula with no saved value, rows from 1, columns from 0."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, lookup or HeaderNames({}))
    if suffix in (".csv", ".txt"):
        try:
            data = path.read_bytes()
        except PermissionError:
            raise cannot_open() from None
        text = decode_text(data)
        if "\x00" in text:
            raise ValidationError("The file is not a text file.")
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)))
        except csv.Error as exc:
            raise ValidationError("The file is not valid CSV: {error}", error=str(exc)) from None
        return text_cells(rows, text), set()
    if suffix in (".xls", ".et"):  # what many core systems and WPS still save
        raise ValidationError(
            "An .xls workbook (Excel 97–2003) cannot be read: open it in Excel or WPS, save it "
            "as an Excel workbook (.xlsx) or as CSV, then import that file."
        )
    raise ValidationError("Import reads .csv or .xlsx files only.")


def text_cells(rows: list[list[str]], text: str) -> list[list[str]]:
    """The rows with each ="…" cell read as the text inside, as Excel shows it (an identifier
    exported so that Excel keeps its digits: app.export_safety.csv_text)."""
    from app.export_safety import csv_cell

    if '="' not in text:  # the usual file: no cell to look at
        return rows
    return [[csv_cell(c) for c in row] for row in rows]


def delimiter(text: str) -> str:
    """',' — or a tab for the tab-separated text that core systems and Excel's "Text (Tab
    delimited)" write (a tab never appears in a comma-separated file's header or numbers)."""
    head = text[:4096]
    return "\t" if head.count("\t") > head.count(",") else ","


def _xlsx_rows(path: Path, lookup: HeaderNames) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    import openpyxl

    unreadable = ValidationError("The file is not a readable Excel workbook.")
    full = path.stat().st_size <= FULL_MODE_MAX_BYTES
    try:
        book = openpyxl.load_workbook(path, read_only=not full, data_only=True)
    except PermissionError:
        raise cannot_open() from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        raise unreadable from None
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise unreadable from None
    try:
        sheet = best_sheet(book.worksheets, lookup)
        if full:
            _fill_merged(sheet)
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception:
        raise unreadable from None
    finally:
        book.close()
    # Cheap on big files: the sheet's XML is searched, never parsed again (1–8% of this read).
    return rows, unsaved_formulas(path, sheet.title)


def best_sheet(sheets: list[Any], lookup: HeaderNames) -> Any:
    """A workbook often holds more than the one list: a notes sheet first, or the borrowers,
    loans and payments side by side. The sheet whose header names the most columns is read."""
    best, most = sheets[0], 0
    if len(sheets) > 1 and lookup.keys:
        for sheet in sheets:
            top = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS * 3, values_only=True)
            found = _header_at([list(r) for r in top], lookup)
            if found is not None and found[0] > most:
                best, most = sheet, found[0]
    return best


def _fill_merged(sheet: Any) -> None:
    """Give a merged range near the top its value in every row it spans (headers only).

    Only in its first column: a header merged across columns names one column, not several
    (as the streaming mode reads it too), so it is never taken for a repeated column.
    """
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row > HEADER_SEARCH_ROWS:
            continue
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            sheet.cell(row, merged.min_col).value = value


def column_letter(index: int) -> str:
    """A column's name as a spreadsheet shows it: 0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_at(raw: list[list[Any]], lookup: HeaderNames) -> tuple[int, int] | None:
    """(columns named, row index) of the row among the first non-blank ones naming the most."""
    best: tuple[int, int] | None = None
    seen = 0
    for i, cells in enumerate(raw):
        if _blank(cells):
            continue
        seen += 1
        matches = len({k for c in cells if (k := lookup.key(c)) is not None})
        if matches and (best is None or matches > best[0]):
            best = (matches, i)
        if seen >= HEADER_SEARCH_ROWS:
            break
    return best


def read_table(
    path: Path,
    cols: tuple[Column, ...],
    unit: re.Pattern[str] = BOOK_UNITS,
    quiet: Collection[str] = (),
) -> Table:
    """The file's header and data rows; raises ValidationError naming what is wrong. A header
    may carry a unit in brackets that `unit` names (app.tabular.norm_header); a column not read
    whose header is among `quiet` (as norm_header reads it) is not listed as unread."""
    if not path.is_file():
        raise ValidationError("No file at {path}.", path=str(path))
    lookup = HeaderNames.of(((n, c.key) for c in cols for n in c.names()), unit)
    raw, unsaved = raw_rows(path, lookup)
    if all(_blank(cells) for cells in raw):
        raise ValidationError("The file is empty.")
    best = _header_at(raw, lookup)
    if best is None:
        raise ValidationError(
            "The file has no header row naming the columns (for example {columns}).",
            columns=", ".join(f"{c.zh}/{c.en}" for c in cols if c.required),
        )
    header_at = best[1]
    headers = ["" if c is None else str(c).strip() for c in raw[header_at]]
    places: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        key = lookup.key(h)
        if key is not None:
            places.setdefault(key, []).append(i)
    places = preferred_places(places, headers, {c.key: c.preferred for c in cols}, unit)
    for col in cols:
        if len(places.get(col.key, ())) > 1:
            raise ValidationError(
                "The column {column} appears more than once ({places}); keep only one.",
                column=f"{col.zh}/{col.en}",
                places=[f"{column_letter(i)}: {headers[i]}" for i in places[col.key]],
            )
    index = {key: at[0] for key, at in places.items()}
    places_at = {i for at in places.values() for i in at}
    missing = [c for c in cols if c.required and c.key not in index]
    if missing:
        what = Counted(len(missing), "a column", "these columns")
        columns = [f"{c.zh}/{c.en}" for c in missing]
        # A misspelt header (身分证号 for 身份证号) is the usual cause: the columns not read are
        # named too, so the clerk sees which one to correct.
        unknown = [
            f"{column_letter(i)}: {h}"
            for i, h in enumerate(headers)
            if h and i not in places_at and norm_header(h, unit) not in quiet
        ]
        if unknown:
            raise ValidationError(
                "The file lacks {what}: {columns}. The header names columns Casedesk does not "
                "read: {unknown}. Is one of them misspelt?",
                what=what,
                columns=columns,
                unknown=unknown,
            )
        raise ValidationError("The file lacks {what}: {columns}.", what=what, columns=columns)
    read = set(index.values())
    table = Table(path.name, headers, index)
    table.unread = [
        f"{column_letter(i)}: {h}"
        for i, h in enumerate(headers)
        if h and i not in read and norm_header(h, unit) not in quiet
    ]
    table.unsaved = {(r, i) for r, i in unsaved if r > header_at + 1 and i in read}
    formula_lines = {r for r, _i in table.unsaved}
    width = len(headers)
    for line, cells in enumerate(raw[header_at + 1 :], start=header_at + 2):
        first = cells[0] if cells else None
        # The usual row has its key in the first column: skip the full blank test for it.
        if not (first.__class__ is str and first and not first.isspace()) and _blank(cells):
            if line not in formula_lines:  # a row of formulas without values is not blank
                continue
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        table.rows.append((line, cells))
    return table
