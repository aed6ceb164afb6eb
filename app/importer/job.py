"""What one import run carries through its steps: session, actor, report, progress and cancel."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from app.demo.context import Writer
from app.errors import CasedeskError
from app.importer.report import ImportReport
from app.importer.sheet import Table as Sheet
from app.models import Office, User
from app.text_guard import unsavable

Progress = Callable[[str, int, int], None]
# What each stage a Progress is told of is called, as the window's progress dialog and the
# command line's progress line say it (msgids, translated where shown).
STAGES = {
    "read": "Reading the file…",
    "check": "Checking every row…",
    "schedule": "Checking the schedule…",
    "allocate": "Checking the payments…",
    "write": "Writing…",
    "audit": "Writing…",
    "queue": "Rebuilding the work queue…",
    "done": "Done",
}
Cancel = Callable[[], bool]
# Rows between progress reports and cancel checks: a 5,000-loan file moves the bar five times.
BATCH = 1_000
# Rows per INSERT executemany: large enough to amortise the call, small enough to cancel soon.
WRITE_BATCH = 20_000


class ImportCancelled(CasedeskError):
    """The user cancelled; the transaction is rolled back, so nothing is left behind."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


@dataclass
class Job:
    session: Session
    actor: User
    report: ImportReport
    today: dt.date
    progress: Progress | None = None
    cancel: Cancel | None = None
    # Why the new borrowers' numbers someone else holds too are theirs as well: with it, such a
    # number is recorded as shared (app/importer/shared_mobiles.py); without, it is a problem.
    shared_reason: str = ""
    _writer: Writer | None = field(default=None, repr=False)

    @functools.cached_property
    def currency(self) -> str:
        """The office's currency (CNY, USD, GBP…): an amount written in another's is refused."""
        return self.session.scalar(select(Office.currency).order_by(Office.id).limit(1)) or "CNY"

    @functools.cached_property
    def jurisdiction(self) -> str:
        """The office's rule set (cn, us, uk): a Chinese office's loans are capped at 36%."""
        found = self.session.scalar(select(Office.jurisdiction).order_by(Office.id).limit(1))
        return found or "cn"

    def tick(self, stage: str, done: int, total: int) -> None:
        """Report progress and stop here if the user cancelled."""
        if self.cancel is not None and self.cancel():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(stage, done, total)

    def steps(self, sheet: Sheet, stage: str = "check") -> Iterator[tuple[int, list[Any]]]:
        """The sheet's rows, with a progress report and a cancel check every BATCH rows. A text
        cell with a character that cannot be kept (app.text_guard: a control character, a
        direction override …) is a problem of its row and column: these rows are written
        without the ORM, which refuses such text in every other use case."""
        total = len(sheet.rows)
        for n, item in enumerate(sheet.rows):
            if n % BATCH == 0:
                self.tick(stage, n, total)
            if stage == "check":
                line, cells = item
                for key, i in sheet.index.items():
                    value = cells[i] if i < len(cells) else None
                    refusal = unsavable(value) if isinstance(value, str) else None
                    if refusal is not None:
                        self.problem(sheet, line, key, refusal)
            yield item

    def problem(self, sheet: Sheet, line: int, key: str, error: CasedeskError | str) -> None:
        column = sheet.header_of(key) if key else ""
        self.report.problem(sheet.file, line, column, error)

    def reject(self, sheet: Sheet, line: int, cells: list[Any]) -> None:
        self.report.reject(sheet.file, line, cells)

    @property
    def writer(self) -> Writer:
        """Core executemany of plain rows (the demo builder's writer): no ORM object per row."""
        if self._writer is None:
            self._writer = Writer(self.session.connection())
        return self._writer

    def insert(self, model: Any, rows: list[dict[str, Any]], stage: str = "write") -> None:
        total = len(rows)
        for start in range(0, total, WRITE_BATCH):
            self.tick(stage, start, total)
            self.writer.add(model, rows[start : start + WRITE_BATCH])

    def insert_rows(self, table: Table, keys: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Rows already in stored form, in `keys` order: one DBAPI executemany per batch."""
        connection = self.session.connection()
        if connection.dialect.name != "sqlite":  # the raw fast path below is SQLite's
            from db.pg import advance_sequence

            for start in range(0, len(rows), WRITE_BATCH):
                self.tick("write", start, len(rows))
                batch = rows[start : start + WRITE_BATCH]
                connection.execute(insert(table), [dict(zip(keys, r, strict=True)) for r in batch])
            advance_sequence(connection, table)
            return
        compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(keys))
        assert tuple(compiled.positiontup or ()) == keys, "keys must be in the table's order"
        sql = str(compiled)
        total = len(rows)
        for start in range(0, total, WRITE_BATCH):
            self.tick("write", start, total)
            connection.exec_driver_sql(sql, rows[start : start + WRITE_BATCH])

    def next_id(self, table: Table) -> int:
        """First free primary key; safe because the import holds the write lock (BEGIN IMMEDIATE)
        or, without it, fails on the unique key rather than overwriting anything."""
        return (self.session.scalar(select(func.max(table.c.id))) or 0) + 1
