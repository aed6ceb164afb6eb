"""The export's file writers: CSV (UTF-8 with BOM, for Excel) and XLSX (write-only, typed cells:
money with two decimals, dates, a value that reads as a formula kept as text). app/export.py
chooses one and says what the file holds."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.export_kinds import Cell
from app.export_personal import add_note_sheet, mark_sheet
from app.export_safety import csv_text, formula_like
from app.i18n import tr

# A time as lists show it; the Audit page's to the second (QA s47 N-8: its export cut them).
MINUTES, SECONDS = "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"
XLSX_TIME = {False: "yyyy-mm-dd hh:mm", True: "yyyy-mm-dd hh:mm:ss"}


def csv_value(value: Cell, seconds: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, dt.datetime):
        return value.strftime(SECONDS if seconds else MINUTES)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def write_csv(
    path: Path, headers: list[str], rows: Iterator[Sequence[Cell]], seconds: bool = False
) -> int:
    """Write the rows as CSV; times to the minute, or to the second with `seconds`."""
    count = 0
    # utf-8-sig writes the BOM Excel needs to read UTF-8; newline="" lets csv write \r\n itself.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([csv_value(v, seconds) for v in row])
            count += 1
    return count


def write_xlsx(
    path: Path,
    headers: list[str],
    rows: Iterator[Sequence[Cell]],
    title: str,
    note: str | None = None,
    seconds: bool = False,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from app.xlsx_save import save_book

    book = Workbook(write_only=True)
    if note is not None:  # the sheet a spreadsheet opens on says what the file holds
        add_note_sheet(book, note)
    sheet = book.create_sheet(title[:31])
    if note is not None:
        mark_sheet(sheet, note)
    bold = Font(bold=True)
    count = 0
    try:
        # A write-only sheet writes its view and its columns' widths with its first row: both
        # are set before it, or ignored (QA s47). The widths fit the header and the first rows.
        first = list(itertools.islice(rows, SAMPLE_ROWS))
        sheet.freeze_panes = "A2"  # the header stays in sight as the list scrolls
        for index, width in enumerate(column_widths(headers, first), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_cells = []
        for text in headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        count = _append_rows(sheet, itertools.chain(first, rows), XLSX_TIME[seconds])
    except BaseException:
        sheet.close()  # finish openpyxl's half-written sheet before the error goes up
        raise
    save_book(book, path)
    return count


SAMPLE_ROWS = 200  # the rows a column's width is measured on (the list streams on after them)
MIN_WIDTH, MAX_WIDTH = 8, 60  # in characters, as a spreadsheet counts a column's width


def shown_width(value: Cell) -> int:
    """The characters `value` takes as the sheet shows it (a Chinese character counts two)."""
    from app.cli.table import display_width

    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.datetime):
        return 16  # yyyy-mm-dd hh:mm
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool):
        return display_width(tr("yes") if value else tr("no"))
    longest = max(str(value).splitlines() or [""], key=display_width)
    return display_width(longest)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    """Each column's width: its header's or its widest sampled cell's, within bounds."""
    widths = []
    for index, header in enumerate(headers):
        widest = max(
            [shown_width(header)] + [shown_width(r[index]) for r in rows if index < len(r)]
        )
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))))
    return widths


def _append_rows(sheet: Any, rows: Iterator[Sequence[Cell]], time_format: str) -> int:
    from openpyxl.cell import WriteOnlyCell

    count = 0
    for row in rows:
        out: list[Any] = []
        for value in row:
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0.00"
                out.append(cell)
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = time_format
                out.append(cell)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            elif isinstance(value, bool):
                out.append(tr("yes") if value else tr("no"))
            elif isinstance(value, str) and formula_like(value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # openpyxl would write "=…" as a live formula
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
        count += 1
    return count
