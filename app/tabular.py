"""Read spreadsheets a lender really has: CSV (or tab-separated text) in UTF-8 or GB18030 (BOM or
not) or UTF-16 (Excel's "Unicode text"), or XLSX (the sheet holding the list, in a workbook of
several).

Rows come back as dicts keyed by canonical column names (via an alias table that accepts
Chinese and English headers, a unit in brackets after one allowed), each with its 1-based line
number in the file and the columns whose cell holds a formula whose value was never saved.
The header matching here (norm_header, HeaderNames) is the data imports' too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.big5 import looks_like_big5
from app.errors import ValidationError
from app.i18n import Counted


def units(names: str) -> re.Pattern[str]:
    """A unit in brackets after a header, full-width or ASCII: 交易金额（元）, 年化利率(%).
    `names`: the units, as a regular expression's alternatives."""
    return re.compile(rf"\s*[（(\[【]\s*({names})\s*[)）\]】]\s*$", re.IGNORECASE)


# The loan book's units. Only units that say what the column already holds: 本金（万元） is not
# 本金, so it is not matched; nor is 金额（分）, in fen where amounts are read in yuan.
BOOK_UNITS = units("元|人民币元|人民币|rmb|cny|yuan|¥|￥|usd|\\$|gbp|£|%|％|月|个月|期|months?")
# A training score's: 分 here is points (得分（分）), not fen, so only the training lists take it.
SCORE_UNITS = units("分|points?|pts?")


def norm_header(value: Any, unit: re.Pattern[str] = BOOK_UNITS) -> str:
    """A header as matched: without a unit in brackets that `unit` names, ignoring case, spaces,
    '_', '-', brackets, colons and '*' (a required column's mark), and the 是否 ("whether") a
    yes/no column is often asked with (是否同意上门 is 同意上门)."""
    text = unit.sub("", str(value or ""))
    text = re.sub(r"[\s_\-（）()\[\]【】:：*]", "", text).lower()
    return text[2:] if text.startswith("是否") and len(text) > 2 else text


@dataclass(frozen=True)
class HeaderNames:
    """Which column a header names, by any name the column goes by (as norm_header reads it)."""

    keys: dict[str, str]  # a name as norm_header gives it → the column's key
    unit: re.Pattern[str] = BOOK_UNITS

    @classmethod
    def of(
        cls, names: Iterable[tuple[str, str]], unit: re.Pattern[str] = BOOK_UNITS
    ) -> HeaderNames:
        """From (name, key) pairs."""
        return cls({norm_header(name, unit): key for name, key in names}, unit)

    def key(self, header: Any) -> str | None:
        return self.keys.get(norm_header(header, self.unit))


def preferred_places(
    places: dict[str, list[int]],
    headers: list[Any],
    preferred: Mapping[str, Collection[str]],
    unit: re.Pattern[str] = BOOK_UNITS,
) -> dict[str, list[int]]:
    """`places` (column key → positions naming it) with a column named twice settled where one
    of its names says it more precisely: a training list with both 催收员 (the agent's name) and
    用户名 (their user name) reads the user name, as Casedesk's own training export writes them
    (QA s47). Any other repeat is left for the caller to refuse."""
    settled = dict(places)
    for key, names in preferred.items():
        at = places.get(key, [])
        if len(at) < 2:
            continue
        exact = {norm_header(n, unit) for n in names}
        chosen = [i for i in at if norm_header(headers[i], unit) in exact]
        if len(chosen) == 1:
            settled[key] = chosen
    return settled


@dataclass(frozen=True)
class SheetRow:
    line: int
    values: dict[str, Any]
    # Columns whose cell holds a formula with no saved value (it reads as empty).
    unsaved: frozenset[str] = field(default_factory=frozenset)


_NONE: frozenset[str] = frozenset()


def cannot_open(file: str) -> ValidationError:
    """What a file another program holds open (Windows: Excel locks a workbook it has open) or
    this account may not read is refused with."""
    return ValidationError(
        "Cannot open {file}: another program has it open (Excel locks a workbook while it is "
        "open), or this account may not read it. Close it there and try again.",
        file=file,
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> str:
    """The text of a CSV or tab-separated file as a Chinese office's programs save it: UTF-16
    with its BOM (Excel's "Unicode text"), UTF-8 with or without a BOM, else GB18030 (what
    Excel on Chinese Windows saves as "CSV"). Anything else is refused, saying how to save it:
    read as GB18030 it would put garbled names in the database — Big5 (Traditional Chinese)
    too, which mostly decodes as GB18030 without an error (app/big5.py)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if not looks_like_big5(data, text):
                return text
            raise ValidationError(
                "The file's text looks like Traditional Chinese in Big5: read as GB18030 its "
                "names and addresses would be garbled. Open it in Excel or WPS and save it as "
                "CSV UTF-8 or as .xlsx, then import it again."
            )
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if line > 1 and not data[: exc.start].isascii():  # UTF-8 until this line: mixed
            raise ValidationError(
                "The file is UTF-8 text up to line {line}, which holds text in another "
                "encoding (pasted from another file?). Fix that line, or open the file in Excel "
                "or WPS and save it as CSV UTF-8 or as .xlsx, then import it again.",
                line=line,
            ) from None
    raise ValidationError(
        "The file's text is in an encoding Casedesk cannot read (UTF-8, GB18030/GBK and "
        "UTF-16 are read). Open it in Excel or WPS and save it as CSV UTF-8 or as .xlsx, then "
        "import it again."
    )


def _raw_rows(path: Path, names: HeaderNames) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    """The rows of a text file (comma- or tab-separated), or of the workbook's sheet whose header
    names the most columns, as the data imports read them (app/importer/sheet.py); and the
    (row, column) of its cells holding a formula with no saved value."""
    from app.importer.formulas import unsaved_formulas
    from app.importer.sheet import best_sheet, delimiter, text_cells

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except PermissionError:
            raise cannot_open(path.name) from None
        except Exception:
            raise ValidationError(
                "{file} is not a readable Excel workbook.", file=path.name
            ) from None
        sheet = best_sheet(book.worksheets, names)
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows, unsaved_formulas(path, sheet.title)
    if suffix in (".csv", ".txt"):
        try:
            data = path.read_bytes()
        except PermissionError:
            raise cannot_open(path.name) from None
        text = decode_text(data)
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter(text))]
        except csv.Error as exc:
            raise ValidationError(
                "{file} is not valid CSV: {error}", file=path.name, error=str(exc)
            ) from None
        return text_cells(rows, text), set()
    raise ValidationError("Import reads .csv or .xlsx files, not {file}.", file=path.name)


HEADER_SEARCH_ROWS = 10  # as app/importer/sheet.py: a title and notes may come first


def read_rows(
    path: Path,
    aliases: Mapping[str, tuple[str, ...]],
    optional: Collection[str] = (),
    unit: re.Pattern[str] = BOOK_UNITS,
    preferred: Mapping[str, Collection[str]] | None = None,
    unread: list[str] | None = None,
    quiet: Collection[str] = (),
) -> list[SheetRow]:
    """Rows of the list's sheet; the header is the row among the first ten non-empty ones that
    names the most columns (a title row above it is passed over, as the data imports do). Empty
    rows are skipped. A header may carry a unit in brackets that `unit` names. A column named
    twice is read from the header `preferred` names for it (preferred_places). `unread`, when
    given, gets the columns not read ("C: 总体", as the data import lists them), but not those
    whose header is among `quiet` (as norm_header reads it)."""
    if not path.is_file():
        raise ValidationError("No file at {path}.", path=str(path))
    names = HeaderNames.of(((a, key) for key, more in aliases.items() for a in (key, *more)), unit)
    raw, unsaved = _raw_rows(path, names)
    filled = [i for i, r in enumerate(raw) if any(_cell(c) for c in r)][:HEADER_SEARCH_ROWS]
    if not filled:
        raise ValidationError("{file} is empty.", file=path.name)

    def named(i: int) -> int:
        return len({k for c in raw[i] if (k := names.key(c)) is not None})

    header_index = max(filled, key=lambda i: (named(i), -i))  # the first of the best
    columns = [names.key(h) for h in raw[header_index]]
    if preferred:
        places: dict[str, list[int]] = {}
        for i, k in enumerate(columns):
            if k is not None:
                places.setdefault(k, []).append(i)
        kept = {
            i
            for at in preferred_places(places, raw[header_index], preferred, unit).values()
            for i in at
        }
        columns = [k if i in kept else None for i, k in enumerate(columns)]
    missing = [k for k in aliases if k not in columns and k not in optional]
    if missing:
        from app.importer.sheet import column_letter

        what = Counted(len(missing), "a column", "these columns")
        named_missing = [f"{aliases[k][0]}/{k}" if aliases[k] else k for k in missing]
        header = [_cell(c) for c in raw[header_index]]
        unknown = [
            f"{column_letter(i)}: {h}"
            for i, (h, k) in enumerate(zip(header, columns, strict=True))
            if h and k is None and norm_header(h, unit) not in quiet
        ]
        if unknown:  # a misspelt header is the usual cause: name the columns not read
            raise ValidationError(
                "{file} lacks {what}: {columns}. The header names columns Casedesk does not "
                "read: {unknown}. Is one of them misspelt?",
                file=path.name,
                what=what,
                columns=named_missing,
                unknown=unknown,
            )
        raise ValidationError(
            "{file} lacks {what}: {columns}.", file=path.name, what=what, columns=named_missing
        )
    if unread is not None:
        from app.importer.sheet import column_letter

        unread += [
            f"{column_letter(i)}: {_cell(h)}"
            for i, (h, k) in enumerate(zip(raw[header_index], columns, strict=True))
            if _cell(h) and k is None and norm_header(h, unit) not in quiet
        ]
    rows = []
    for offset, cells in enumerate(raw[header_index + 1 :], start=header_index + 2):
        formulas = (
            frozenset(c for i, c in enumerate(columns) if c and (offset, i) in unsaved)
            if unsaved
            else _NONE
        )
        if not formulas and not any(_cell(c) for c in cells):
            continue
        values = {
            col: cells[i] if i < len(cells) else None
            for i, col in enumerate(columns)
            if col is not None
        }
        rows.append(SheetRow(offset, values, formulas))
    return rows


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date:
    """A date from an Excel cell or text: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301,
    in full-width digits and marks too (２０２６－０３－０１, typed with a Chinese input method)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", _cell(value))
    if " " in text:
        text = text.split(" ", 1)[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                if pattern is _DATE_PATTERNS[2]:  # 8 digits need not be meant as a date
                    break
                # written as a date, but no day of the calendar: 2026/2/30
                raise ValidationError("There is no such date: {value}.", value=text) from None
    raise ValidationError("Cannot read the date {value!r}.", value=text)


def parse_whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValidationError("Not a whole number: {value}", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _cell(value)
    whole = re.fullmatch(r"(-?\d+)(?:\.0+)?", text)
    if whole:  # read as digits: through a float, 12345678901234567 came back 12345678901234568
        return int(whole.group(1))
    raise ValidationError("Not a whole number: {value}", value=text)


def text_of(value: Any) -> str:
    return _cell(value)
