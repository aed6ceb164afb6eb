"""Export a list as the page shows it to CSV (UTF-8 with BOM, for Excel) or XLSX; audited.

Personal data (ID numbers, phones) is masked as on screen. A user with EXPORT_PERSONAL_DATA
(admin) may ask for it in full (`personal_data=True`) for a written reason, as long as a reveal's;
asking without the right or the reason is refused. Such a file is marked (app/export_personal.py).
Every export appends an audit entry: who exported which list, with which filters, how many rows,
to which file, masked or not (and for full personal data, the reason).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import audit, held_files
from app.auth import Permission, require
from app.country_data import office_country
from app.errors import CasedeskError, ValidationError, os_reason
from app.export_kinds import KINDS, Cell, Kind
from app.export_personal import (
    marked_csv,
    personal_note,
    personal_reason,
)
from app.export_safety import ExportCancelled, refuse_overwriting, session_database
from app.export_search import audited_search
from app.export_writers import write_csv, write_xlsx
from app.i18n import tr
from app.id_labels import id_label
from app.models import User
from app.outfile import drop, made_empty
from app.paths import refuse_special

FORMATS = ("csv", "xlsx")
CHUNK = 500
# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    rows: int
    format: str
    masked: bool
    reason: str | None = None  # why it holds full personal data


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValidationError(
            "Unknown list {kind}; choose one of: {choices}.",
            kind=name,
            choices=list(KINDS),
        ) from None


def format_for(path: Path, fmt: str | None) -> str:
    """The format the file's name ends in (.csv, .xlsx); `fmt` (--format) must agree with it, and
    says the format of a name without an ending. A workbook named .csv helps no one."""
    name, suffix = Path(path).name, Path(path).suffix.lstrip(".").lower()
    asked = fmt.lower() if fmt else None
    if suffix and asked is not None and asked != suffix:
        raise ValidationError(
            "{name} ends in .{suffix} but the format asked for is {format}; make them agree.",
            name=name,
            suffix=suffix,
            format=asked,
        )
    chosen = suffix or asked
    if chosen is None:
        raise ValidationError(
            "{name} does not end in .csv or .xlsx, which says the file's format; add one.",
            name=name,
        )
    if chosen not in FORMATS:
        raise ValidationError("Unknown export format {format}; choose csv or xlsx.", format=chosen)
    return chosen


def _office_tz(session: Session) -> str:
    from app.office import office_timezone

    return office_timezone(session)


def _headers(session: Session, kind: Kind) -> list[str]:
    """The list's column headers in the reader's words; the ID number's as the office's country
    names it (a US office's: Social Security number), masked or in full."""
    country = office_country(session)
    ids = {column for column, name in kind.personal_columns.items() if name == "national_id"}
    # A msgid told apart by a context ("context\x04msgid") reads as the part after it.
    return [
        tr(id_label(country) if i in ids else h).rpartition("\x04")[2]
        for i, h in enumerate(kind.headers)
    ]


def _rows(
    session: Session,
    kind: Kind,
    ids: Sequence[Any],
    personal: bool,
    tz: str,
    progress: Progress | None,
) -> Iterator[list[Cell]]:
    """The cells of every listed row, fetched a chunk at a time (big lists stay small in memory)."""
    total = len(ids)
    for start in range(0, total, CHUNK):
        chunk = ids[start : start + CHUNK]
        found = kind.rows(session, chunk) if kind.rows is not None else None
        full = kind.personal(session, chunk) if personal and kind.personal else {}
        for position, item_id in enumerate(chunk):
            row = item_id if found is None else found.get(item_id)
            if row is None:
                continue
            cells = kind.cells(row, tz)
            values = full.get(item_id) if found is not None else full.get(position)
            for column, field_name in kind.personal_columns.items():
                if values is not None:
                    cells[column] = values.get(field_name, "")
            yield cells
        if progress is not None and progress(min(start + CHUNK, total), total) is False:
            raise ExportCancelled()


def _filters_text(session: Session, filters: Any) -> dict[str, Any]:
    """The filters that restrict the list, for the audit entry (defaults left out); a search
    as app/export_search.py keeps it: no borrower's personal data in clear."""
    if filters is None or not dataclasses.is_dataclass(filters):
        return {}
    factory: Any = type(filters)
    default = factory()
    said = {
        f.name: getattr(filters, f.name)
        for f in dataclasses.fields(filters)
        if getattr(filters, f.name) != getattr(default, f.name)
    }
    if isinstance(said.get("search"), str):
        said["search"] = audited_search(session, said.pop("search"))
        if not said["search"]:
            del said["search"]
    return said


def check_may_export(user: User, kind_name: str, personal_data: bool = False) -> Kind:
    """The list `kind_name` if `user` may export it (with full personal data, when asked); else
    why not. Exporting can need more than seeing: the audit trail is the admin's to export."""
    kind = kind_of(kind_name)
    if kind.permission is not None:
        require(user, kind.permission)
    if personal_data:
        require(user, Permission.EXPORT_PERSONAL_DATA)
    return kind


def _target(session: Session, path: Path, fmt: str | None) -> tuple[Path, str]:
    """The file to write (absolute) and its format, or why it cannot be written there."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise ValidationError("{path} is a folder, not a file.", path=str(path))
    refuse_special(path)
    refuse_overwriting(path, session_database(session))
    chosen = format_for(path, fmt)
    if not path.parent.is_dir():
        raise ValidationError("No folder {path}.", path=str(path.parent))
    return path, chosen


def _write(
    path: Path,
    chosen: str,
    headers: list[str],
    rows: Iterator[Sequence[Cell]],
    title: str,
    audited: Callable[[int], object],
    note: str | None = None,
    seconds: bool = False,
) -> int:
    """Write the file under a temporary name, call `audited(rows written)`, then rename it: the
    file appears only when complete and audited (the caller's transaction commits the entry).
    A `note` marks a file of full personal data (app/export_personal.py); `seconds` writes
    times to the second."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        try:  # a folder that cannot be written is found before any row is gathered
            made_empty(partial, private=note is not None)  # full personal data: owner only
            if chosen == "csv":
                if note is not None:
                    headers, rows = marked_csv(headers, rows, note)
                count = write_csv(partial, headers, rows, seconds)
            else:
                count = write_xlsx(partial, headers, rows, title, note, seconds)
        except OSError as error:  # named by the file the user named, not the partial one
            raise _cannot_write(path, error) from None
        audited(count)
        try:  # on Windows, a file open in Excel refuses it: said of the file the user named
            held_files.replace(partial, path)
        except OSError as error:
            raise _cannot_write(path, held_files.named(error, path)) from None
    finally:
        drop(partial)  # its removal failing (a read-only disk) must not hide why
    return count


def _cannot_write(path: Path, error: OSError) -> CasedeskError:
    """The file the user named could not be written, in a sentence of the reader's words (the
    window's Export… and the CLI say it alike)."""
    return CasedeskError("Cannot write {path}: {reason}.", path=str(path), reason=os_reason(error))


def export_rows(
    session: Session,
    user: User,
    kind_name: str,
    path: Path,
    *,
    filters: Any = None,
    fmt: str | None = None,
    personal_data: bool = False,
    reason: str | None = None,
    sort: str | None = None,
    descending: bool | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the list `kind_name` as `user` sees it with `filters` to `path`; audited. Full
    `personal_data` needs the right and a written `reason`, which the file and the entry keep.

    Run it in a writing session (the audit entry). The file appears only when complete: it is
    written under a temporary name and renamed at the end.
    """
    kind = check_may_export(user, kind_name, personal_data)
    reason = personal_reason(kind, reason) if personal_data else None
    path, chosen = _target(session, path, fmt)
    note = personal_note(session, user, reason) if reason is not None else None
    flt = filters if filters is not None else kind.filter_type()
    if not isinstance(flt, kind.filter_type):
        raise ValidationError("Wrong filter for the list {kind}.", kind=kind.name)
    ids = kind.ids(session, user, flt, sort, descending)
    headers = _headers(session, kind)
    tz = _office_tz(session)
    rows = _rows(session, kind, ids, personal_data, tz, progress)

    def audited(count: int) -> None:
        changes: dict[str, Any] = {
            "file": path.name,
            "format": chosen,
            "rows": count,
            "personal_data": personal_data,
            "filters": _filters_text(session, flt),
        }
        if reason is not None:
            changes["reason"] = reason
        audit.record(session, user, "list.export", "list", kind.name, changes)

    count = _write(path, chosen, headers, rows, tr(kind.title), audited, note, kind.seconds)
    return ExportResult(path, kind.name, count, chosen, not personal_data, reason)


def export_audit_trail(
    session: Session,
    user: User,
    date_from: dt.date,
    date_to: dt.date,
    path: Path,
    *,
    fmt: str | None = None,
) -> ExportResult:
    """Write the audit entries of `date_from`..`date_to` (the office's days, both inclusive, as
    the Audit page counts them) to `path`, CSV or XLSX (`fmt`, else the file's extension), every
    column as stored; audited, naming the same days.

    Admin only (EXPORT_AUDIT). Run it in a writing session; the file appears only when complete.
    """
    require(user, Permission.EXPORT_AUDIT)
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.")
    path, chosen = _target(session, path, fmt)
    from app.queries.audit_log import office_day_start

    # The office's days, as the page's Export… counts them (QA: UTC days, 08:00 to 08:00 here).
    since = office_day_start(session, date_from)
    until = office_day_start(session, date_to + dt.timedelta(days=1))
    rows = audit.trail_rows(session, since, until)

    def audited(count: int) -> None:
        audit.record(
            session,
            user,
            "audit.export",
            "audit_entry",
            "",
            {
                "from": date_from.isoformat(),
                "to": date_to.isoformat(),
                "entries": count,
                "file": path.name,
                "format": chosen,
            },
        )

    headers = list(audit.TRAIL_COLUMNS)
    count = _write(path, chosen, headers, rows, tr("Audit"), audited)
    return ExportResult(path, "audit_trail", count, chosen, True)
