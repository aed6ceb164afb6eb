"""Import training records from CSV or XLSX: preview with row-level errors, then all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.errors import CasedeskError, ValidationError
from app.importer import cells
from app.importer.columns import TRAINING, own_export_names
from app.importer.formulas import unsaved_formula
from app.importer.report import REPEATED as REPEATED
from app.importer.report import ImportReport
from app.models import Course, User
from app.notes import clean_text
from app.office import office_today
from app.tabular import SCORE_UNITS, parse_whole_number, read_rows, text_of
from app.text_guard import check_text
from app.training.records import (
    attempt_recorded,
    check_score,
    check_taken_on,
    check_trainer,
    find_agent,
    find_course,
    record_training,
)

# The training list's columns as the data import documents them (app/importer/columns.py, its
# template too): key → the names a header may give it, Chinese first.
COLUMNS: dict[str, tuple[str, ...]] = {c.key: (c.zh, *c.aliases) for c in TRAINING}
OPTIONAL = tuple(c.key for c in TRAINING if not c.required)
PREFERRED = {c.key: c.preferred for c in TRAINING if c.preferred}
# The training export's course status (Agents & training page, app/export_kinds.py): a course an
# agent never took is listed there with no date and no score, which is nothing to import.
STATUS = "course_status"
STATUS_NAMES = ("状态", "status")
NOT_TAKEN = {"missing", "缺失"}
# A column's name as told to the user (app.i18n.tr), by its key above.
COLUMN_NAMES = {
    "agent": "Agent",
    "course": "Course",
    "date": "Date",
    "score": "Score",
    "trainer": "Trainer",
    "evidence": "Evidence",
}

# What a row is told when a required cell is empty.
MISSING = {
    "agent": "The agent is missing.",
    "course": "The course is missing.",
    "date": "The date is missing.",
    "score": "The score is missing.",
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportPreview:
    file: str
    rows: list[dict[str, object]] = field(default_factory=list)  # the parsed, valid, new rows
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0
    # Valid rows skipped: the same attempt (agent, course, day, score) is already recorded
    # (`skipped`), or is an earlier row of the file (`repeated`, said apart: found by QA); a file
    # imported twice adds nothing the second time.
    skipped: int = 0
    repeated: int = 0
    # Rows of the training export for a course never taken (no date, no score): not an attempt,
    # so neither read as one nor counted among the rows checked.
    not_taken: int = 0
    # Columns not read ("D: 讲师x"), as the data import lists them; the training export's own
    # that are derived (Overall, Valid until …) are not among them (QA s47 O #3).
    unread: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def preview(
    session: Session, actor: User, path: Path, today: dt.date | None = None
) -> ImportPreview:
    """Parse and validate every row; nothing is written."""
    require(actor, Permission.EDIT_TRAINING)
    today = today or office_today(session)
    result = ImportPreview(path.name)
    rows = read_rows(
        path,
        {**COLUMNS, STATUS: STATUS_NAMES},
        optional=(*OPTIONAL, STATUS),
        unit=SCORE_UNITS,
        preferred=PREFERRED,
        unread=result.unread,
        quiet=own_export_names("training"),
    )
    if not rows:
        raise ValidationError("{file} has a header but no rows.", file=path.name)
    seen: set[tuple[int, int, dt.date, int]] = set()
    for row in rows:
        v = row.values
        if _not_taken(v) and not row.unsaved:
            result.not_taken += 1
            continue
        errors_before = len(result.errors)
        parsed: dict[str, object] = {"line": row.line}
        # Every column is checked on its own, so a row's problems are all told at once.
        for column, parse in (
            ("agent", lambda x: find_agent(session, text_of(x))),
            ("course", lambda x: find_course(session, text_of(x))),
            # read as the data import reads a date (an Excel day number, 2026/2/30 said to be
            # no day), with its words for a date it cannot read
            ("date", lambda x: check_taken_on(cells.date(x), today)),
            ("score", lambda x: check_score(parse_whole_number(x))),
            ("trainer", lambda x: check_text(check_trainer(text_of(x)))),
            ("evidence", lambda x: check_text(clean_text(text_of(x)))),
        ):
            try:
                if column in row.unsaved:  # it reads as empty, though Excel shows a value
                    raise unsaved_formula()
                if column in MISSING and not text_of(v.get(column)):
                    # said as missing: "No agent named ." or "Not a whole number: " was a riddle
                    raise ValidationError(MISSING[column])
                parsed[column] = parse(v.get(column))
            except CasedeskError as exc:
                result.errors.append(RowError(row.line, column, exc.translated()))
        if len(result.errors) > errors_before:
            continue
        attempt = (
            cast(User, parsed["agent"]).id,
            cast(Course, parsed["course"]).id,
            cast(dt.date, parsed["date"]),
            cast(int, parsed["score"]),
        )
        if attempt in seen:
            result.repeated += 1
        elif attempt_recorded(session, *attempt):
            result.skipped += 1
        else:
            result.rows.append(parsed)
        seen.add(attempt)
    return result


def _not_taken(values: dict[str, object]) -> bool:
    """A row of the training export for a course the agent never took: its status says Missing
    (缺失) and it has no date, score, trainer or evidence."""
    status = text_of(values.get(STATUS)).casefold()
    empty = not any(text_of(values.get(k)) for k in ("date", "score", "trainer", "evidence"))
    return status in NOT_TAKEN and empty


def import_training(
    session: Session,
    actor: User,
    path: Path,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportPreview:
    """Validate every row; if any is bad, import nothing; else record every new one in this
    transaction (the ones already recorded are skipped)."""
    result = preview(session, actor, path, today)
    if result.errors or dry_run:
        return result
    for row in result.rows:
        record_training(
            session,
            actor,
            cast(User, row["agent"]),  # the parsed row's values (preview)
            cast(Course, row["course"]),
            taken_on=cast(dt.date, row["date"]),
            score=cast(int, row["score"]),
            trainer=str(row["trainer"]),
            evidence=str(row["evidence"]),
            today=today,
        )
    result.imported = len(result.rows)
    return result


def as_report(result: ImportPreview, *, dry_run: bool) -> ImportReport:
    """The result as the data import reports it, so that `casedesk training import`, `casedesk
    import training` and the windows count its rows in the same words."""
    report = ImportReport("training", [result.file], dry_run)
    report.rows = len(result.rows) + result.skipped + result.repeated
    report.new = len(result.rows) if dry_run else result.imported
    report.unchanged, report.repeated = result.skipped, result.repeated
    report.unread[result.file] = result.unread
    return report


def imported_text(result: ImportPreview) -> str:
    """What an import did, as `casedesk training import` and the window say it."""
    return as_report(result, dry_run=False).summary()
