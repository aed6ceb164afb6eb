"""Writing a borrower's copy of their data (app/access_copy.py) to a PDF or an XLSX workbook,
for a written reason (as a reveal's), audited as `personal_data.access_copy`.

The file is checked before anything is gathered, written beside its target and moved into place
when whole (app/outfile.py), and marked as holding full personal data as an export with full
personal data is (app/export_personal.py): the workbook opens on a sheet naming who made it, when
and why, and every sheet's printed pages carry that note in their header; the PDF says so under
its title and in every page's header. The audit entry (the reason sealed with the borrower's key,
app/audit_seal.py) is written with the file: a copy not on the trail is not handed out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.access_copy import copy_borrower, gather_copy
from app.access_copy_tables import Section, opening, sections
from app.audit_seal import personal
from app.errors import ValidationError
from app.i18n import tr
from app.models import User
from app.money import from_minor
from app.outfile import check_target, kept_if_recorded, written_whole
from app.reasons import MIN_REASON, long_reason, short_reason

FORMATS = ("pdf", "xlsx")
ACTION = "personal_data.access_copy"  # the audit action (written literally where recorded)
NAME_SUFFIX = "-personal-data"


@dataclass(frozen=True)
class CopyWritten:
    """A copy written: where, in which format and language, how many rows of each section."""

    path: Path
    borrower_no: str
    format: str
    language: str
    rows: dict[str, int]


def copy_format(path: Path) -> str:
    """The file's format from its suffix: "pdf" or "xlsx"."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError(
            "A copy of a borrower's data is a .pdf or an .xlsx file, not {path}.", path=str(path)
        )
    return suffix


def suggested_name(borrower_no: str, fmt: str) -> str:
    """The name a Save dialog proposes: "B000123-personal-data.pdf"."""
    return f"{borrower_no}{NAME_SUFFIX}.{fmt}"


def copy_reason(reason: str | None) -> str:
    """The written reason for the copy (who asked, under which law), or why it is refused."""
    too_long = long_reason(reason)
    if too_long is not None:
        raise too_long
    if short_reason(reason) is not None:
        raise ValidationError(
            "A copy of a borrower's personal data needs a written reason of at least {count} "
            "characters (a Chinese character counts as two); it is kept in the audit log.",
            count=MIN_REASON,
        )
    return (reason or "").strip()


def copy_note(session: Session, user: User, reason: str, lang: str) -> str:
    """What marks the file: full personal data, made by whom on which office day, and why."""
    from app.office import office_today

    return tr(
        "Contains full personal data — a copy for the borrower, made by {user} on {date} for: "
        "{reason}",
        lang,
        user=user.display_name or user.username,
        date=office_today(session).isoformat(),
        reason=" ".join(reason.split()),
    )


def write_copy(
    session_factory: Callable[[], Any],
    user: User,
    borrower_no: str,
    path: Path,
    reason: str,
    lang: str = "en",
    stage: Callable[[str], None] = lambda _text: None,
) -> CopyWritten:
    """Gather, write and audit the borrower's copy in a session of its own, telling `stage` what
    it is doing (in the window's language). The permission, the reason, the borrower (not
    erased) and the target are checked before anything is gathered."""
    fmt = copy_format(path)
    with session_factory() as session:
        actor = session.get(User, user.id)
        assert actor is not None
        borrower = copy_borrower(session, actor, borrower_no)  # the right first, then why
        reason = copy_reason(reason)
        check_target(path)
        stage(tr("Gathering the borrower's data…"))
        copy = gather_copy(session, actor, borrower.borrower_no, lang)
        note = copy_note(session, actor, reason, lang)
        session.rollback()  # no read transaction held while writing
        stage(tr("Writing the file…"))
        parts = sections(copy, lang)
        with written_whole(path, private=True) as partial:
            if fmt == "pdf":
                from reports.access_copy import render_access_copy

                render_access_copy(copy, parts, note, partial, lang)
            else:
                write_workbook(partial, parts, note, opening(copy, lang), lang)
        with kept_if_recorded(session, path):
            changes = {
                "format": fmt,
                "language": lang,
                "reason": personal(session, borrower.id, reason),
                "file": Path(path).name,
                "sha256": _fingerprint(path),
            }
            audit.record(session, actor, "personal_data.access_copy", "borrower",
                         borrower.borrower_no, changes)  # fmt: skip
    rows = {part.key: len(part.rows) for part in parts}
    return CopyWritten(Path(path), borrower.borrower_no, fmt, lang, rows)


def _fingerprint(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def write_workbook(
    path: Path, parts: list[Section], note: str, opening: str = "", lang: str | None = None
) -> None:
    """The copy as a workbook: the note's sheet first (the copy's `opening` words under it), then
    one sheet per section, its header row bold and frozen, amounts as numbers, every printed page
    headed by the note."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from app.export_personal import add_note_sheet, mark_sheet
    from app.xlsx_save import save_book

    book = Workbook(write_only=True)
    add_note_sheet(book, note, *([opening] if opening else []), lang=lang)
    bold = Font(bold=True)
    taken: set[str] = set()
    for part in parts:
        sheet = book.create_sheet(_sheet_title(part.title, taken))
        mark_sheet(sheet, note)
        head = []
        for text in part.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        sheet.freeze_panes = "A2"
        for row in part.rows:
            sheet.append([_xlsx_cell(sheet, v, i in part.money) for i, v in enumerate(row)])
    save_book(book, path)


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet's name: the section's heading without the characters a sheet name may not hold,
    at most 31 characters, never one already taken."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Sheet"
    base, n = name, 1
    while name in taken:
        n += 1
        name = f"{base[:28]} {n}"
    taken.add(name)
    return name


def _xlsx_cell(sheet: Any, value: Any, money: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell

    from app.export_safety import formula_like

    if money and isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=from_minor(value))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, str) and formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text typed by people (notes) is never a live formula
        cell.quotePrefix = True
        return cell
    return value
