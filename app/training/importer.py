"""Import training records from CSV or XLSX: preview with row-level errors, then all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.errors import CasedeskError, ValidationError
from app.models import Course, User
from app.tabular import parse_date, parse_whole_number, read_rows, text_of
from app.training.records import find_agent, find_course, record_training, validate_record

COLUMNS: dict[str, tuple[str, ...]] = {
    "agent": ("用户名", "催收员", "员工", "username"),
    "course": ("课程", "课程代码", "course code"),
    "date": ("日期", "培训日期", "taken on", "taken_on"),
    "score": ("分数", "成绩"),
    "trainer": ("培训师", "讲师"),
    "evidence": ("证明", "备注", "evidence note", "notes"),
}
OPTIONAL = ("trainer", "evidence")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportPreview:
    file: str
    rows: list[dict[str, object]] = field(default_factory=list)  # the parsed, valid rows
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def preview(
    session: Session, actor: User, path: Path, today: dt.date | None = None
) -> ImportPreview:
    """Parse and validate every row; nothing is written."""
    require(actor, Permission.EDIT_TRAINING)
    today = today or dt.date.today()
    result = ImportPreview(path.name)
    rows = read_rows(path, COLUMNS, optional=OPTIONAL)
    if not rows:
        raise ValidationError("{file} has a header but no rows.", file=path.name)
    for row in rows:
        v = row.values
        errors_before = len(result.errors)
        parsed: dict[str, object] = {"line": row.line}
        for column, parse in (
            ("agent", lambda x: find_agent(session, text_of(x))),
            ("course", lambda x: find_course(session, text_of(x))),
            ("date", parse_date),
            ("score", parse_whole_number),
        ):
            try:
                parsed[column] = parse(v.get(column))
            except CasedeskError as exc:
                result.errors.append(RowError(row.line, column, exc.translated()))
        if {"course", "date", "score"} <= parsed.keys():
            try:
                validate_record(parsed["course"], parsed["date"], parsed["score"], today)  # type: ignore[arg-type]
            except CasedeskError as exc:
                column = "date" if "date" in exc.msgid else "score"
                result.errors.append(RowError(row.line, column, exc.translated()))
        parsed["trainer"] = text_of(v.get("trainer"))
        parsed["evidence"] = text_of(v.get("evidence"))
        if len(result.errors) == errors_before:
            result.rows.append(parsed)
    return result


def import_training(
    session: Session,
    actor: User,
    path: Path,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportPreview:
    """Validate every row; if any is bad, import nothing; else record all in this transaction."""
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
