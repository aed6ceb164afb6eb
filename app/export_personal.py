"""An export with full personal data: asked for a written reason (as a reveal), marked in the
file and in its name, and said so when it is done.

How the file is marked, and why:
- XLSX: a first sheet, the one a spreadsheet opens on, holds the note "Contains full personal
  data — exported by {user} on {date} for: {reason}"; the list follows on the second sheet, whose
  printed pages carry the note in their header. A reader cannot miss it, and the list's own sheet
  keeps its header row first, as a masked export's.
- CSV: no comment line above the header (importers would take it for the header, or a row); a
  last column, "Full personal data", holds the note on every row, so a row copied out of the file
  still says what it is. The window proposes a file name ending in "-personal-data".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.i18n import plural, tr
from app.models import User
from app.reasons import MIN_REASON, long_reason, short_reason

if TYPE_CHECKING:  # the kinds pull in every list's query: not for the window's first paint
    from app.export import ExportResult
    from app.export_kinds import Cell, Kind

NAME_SUFFIX = "-personal-data"
# The lists with columns masked unless asked for in full (the kinds' personal_columns; a test
# keeps the two the same), for the window to offer full data without loading the kinds.
PERSONAL_LISTS = frozenset({"queue", "cases", "borrowers"})


def holds_personal_data(kind: Kind) -> bool:
    """Whether the list has columns that are masked unless asked for in full."""
    return bool(kind.personal_columns)


# The name a Save dialog proposes for each list, in the reader's words, as the training roster's
# "training-roster-{date}.pdf" (培训花名册-{date}.pdf). Told apart by a context, gettext's way
# ("context\x04msgid"): "borrowers" as a file's name is not every "borrowers".
FILE_NAMES = {
    "queue": "work-queue",
    "cases": "cases",
    "borrowers": "borrowers",
    "loans": "loans",
    "complaints": "complaints",
    "training": "agents-training",
    "audit": "audit-log",
    "compliance": "compliance-log",
}
FILE_NAME = "export file name\x04"


def _file_word(msgid: str) -> str:
    return tr(FILE_NAME + msgid).rpartition("\x04")[2]


def suggested_name(kind: str, suffix: str, personal_data: bool, day: dt.date | None = None) -> str:
    """The file name a Save dialog proposes, in the reader's words, dated `day` when given:
    "borrowers-personal-data-2026-12-07.xlsx" for full data (借款人-完整个人信息-…)."""
    name = _file_word(FILE_NAMES.get(kind, kind))
    if personal_data:
        name += _file_word(NAME_SUFFIX)
    dated = f"-{day.isoformat()}" if day is not None else ""
    return f"{name}{dated}.{suffix}"


def personal_reason(kind: Kind, reason: str | None) -> str:
    """The written reason for exporting `kind` with full personal data, or why it cannot be."""
    if not holds_personal_data(kind):
        raise ValidationError(
            "The list {kind} holds no personal data that is masked; export it without full "
            "personal data.",
            kind=kind.name,
        )
    too_long = long_reason(reason)
    if too_long is not None:
        raise too_long
    if short_reason(reason) is not None:
        raise ValidationError(
            "An export with full personal data needs a written reason of at least {count} "
            "characters (a Chinese character counts as two); it is kept in the audit log.",
            count=MIN_REASON,
        )
    return (reason or "").strip()


def personal_note(session: Session, user: User, reason: str) -> str:
    """The note that marks the file: who, on which office day, for which reason."""
    from app.office import office_today

    return tr(
        "Contains full personal data — exported by {user} on {date} for: {reason}",
        user=user.display_name or user.username,
        date=office_today(session).isoformat(),
        reason=" ".join(reason.split()),  # one line in a cell and a page header
    )


def marked_csv(
    headers: list[str], rows: Iterator[Sequence[Cell]], note: str
) -> tuple[list[str], Iterator[list[Cell]]]:
    """The CSV's headers and rows with the note's column last."""
    return [*headers, tr("Full personal data")], (list(row) + [note] for row in rows)


def add_note_sheet(book: Any, note: str, *more: str, lang: str | None = None) -> None:
    """The workbook's first sheet (a write-only workbook's, before the list's): the note, then
    `more` lines of text, in `lang` (the window's language if none)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(tr("Personal data", lang)[:31])
    sheet.column_dimensions["A"].width = 100
    first = WriteOnlyCell(sheet, value=note)
    first.font = Font(bold=True, color="C00000", size=13)
    first.data_type = "s"
    sheet.append([first])
    for line in more:
        cell = WriteOnlyCell(sheet, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.data_type = "s"
        sheet.append([cell])
    sheet.append(
        [tr("Keep this file safe and delete it after use; its export is in the audit log.", lang)]
    )
    book.properties.subject = note


def mark_sheet(sheet: Any, note: str) -> None:
    """Every printed page of the list's sheet carries the note in its header."""
    text = note.replace("&", "&&")  # & starts a header code in a spreadsheet's page setup
    sheet.oddHeader.center.text = text[:250]


def export_message(result: ExportResult) -> str:
    """What the status line and the command line say when an export is done: whether the file
    holds full personal data, or masked."""
    from app.export_kinds import KINDS

    done = plural(
        result.rows,
        "Exported {count} row to {path}.",
        "Exported {count} rows to {path}.",
        path=str(result.path),
    )
    sep = "" if done.endswith("。") else " "  # Chinese sentences follow with no space
    if not result.masked:
        warning = tr("The file holds full personal data; keep it safe and delete it after use.")
        return f"{done}{sep}{warning}"
    kind = KINDS.get(result.kind)
    if kind is not None and holds_personal_data(kind):
        return f"{done}{sep}{tr('Personal data is masked.')}"
    return done
