"""Copy an office from its SQLite file to a PostgreSQL database: all or nothing, then verified.

Everything on the target happens in one transaction (PostgreSQL's DDL is transactional): the
schema is brought to head, every table is copied in foreign-key order in batches, the id
sequences are moved past the copied ids, the row counts are compared table by table and the audit
chain is recomputed with the office key. Any failure rolls the whole transaction back, so the
target is left exactly as it was. The source is read in one read transaction (a consistent
snapshot) and never written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import DatabaseError
from db.engine import audit_key
from db.pg import advance_sequence, is_pg_url, lock_for_write
from db.store import Database

BATCH = 5000
Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in the table


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


@dataclass
class CopyResult:
    tables: list[TableCount] = field(default_factory=list)
    audit_entries: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.target for t in self.tables)


def _tables():
    from app.models import Base

    return list(Base.metadata.sorted_tables)  # parents before children


def _refuse_non_empty(conn: Connection, shown: str) -> None:
    names = set(inspect(conn).get_table_names())
    for table in _tables():
        if table.name in names and conn.execute(select(func.count()).select_from(table)).scalar():
            raise DatabaseError(
                "{path} already holds an office (table {table} has rows); copy only into an "
                "empty database. Nothing was changed.",
                path=shown,
                table=table.name,
            )


def _upgrade_in(conn: Connection) -> None:
    from alembic import command

    from db.migrate import _config

    command.upgrade(_config(conn), "head")


def _reset_sequences(conn: Connection) -> None:
    """Move each id sequence past the largest copied id, so new rows do not collide."""
    for table in _tables():
        advance_sequence(conn, table)


def _copy_table(src: Connection, dst: Connection, table, progress: Progress | None) -> int:
    total = src.execute(select(func.count()).select_from(table)).scalar_one()
    order = list(table.primary_key.columns)
    done = 0
    if progress:
        progress(table.name, 0, total)
    result = src.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    # COPY … FROM STDIN on the target's own transaction: several times faster than INSERTs. Each
    # value goes through the column type's bind processing, as an INSERT would (enums, JSON…).
    dialect = dst.dialect
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns]
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    raw = dst.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        for batch in result.partitions(BATCH):
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(
                        [
                            value if value is None or process is None else process(value)
                            for process, value in zip(processors, row, strict=True)
                        ]
                    )
            done += len(batch)
            if progress:
                progress(table.name, done, total)
    return total


def _verify(src: Connection, dst: Connection, key: str, result: CopyResult) -> None:
    from app.audit import verify_chain

    for table in _tables():
        source = src.execute(select(func.count()).select_from(table)).scalar_one()
        target = dst.execute(select(func.count()).select_from(table)).scalar_one()
        result.tables.append(TableCount(table.name, source, target))
        if source != target:
            raise DatabaseError(
                "The copy of table {table} has {target} rows, the source {source}; "
                "nothing was copied.",
                table=table.name,
                target=target,
                source=source,
            )
    with Session(bind=dst, info={"audit_key": audit_key(key)}) as session:
        chain = verify_chain(session)
    if not chain.intact:
        raise DatabaseError(
            "The audit chain does not verify on the copy (entry {entry}); nothing was copied.",
            entry=chain.first_broken,
        )
    result.audit_entries = chain.checked


def copy_database(
    source: Database, target: Database, *, progress: Progress | None = None
) -> CopyResult:
    """Copy `source` (a SQLite office) into the empty PostgreSQL database `target`.

    `target` must have been opened with the source's office key and without upgrading (the
    schema is created inside the copy's transaction). Raises DatabaseError and leaves the target
    unchanged on any failure.
    """
    if source.url is not None or target.url is None or not is_pg_url(target.url):
        raise DatabaseError("db copy copies a Casedesk file into a PostgreSQL database.")
    if source.key != target.key:
        raise DatabaseError("The target must use the source's office key (the audit chain's).")
    import psycopg  # the server's driver: COPY errors come from it directly

    shown = target.url
    started = time.perf_counter()
    result = CopyResult()
    try:
        with source.engine.connect() as src, src.begin(), target.engine.connect() as dst:
            with dst.begin():
                lock_for_write(dst, "casedesk schema upgrade")  # no upgrade or copy alongside
                _refuse_non_empty(dst, shown)
                _upgrade_in(dst)
                for table in _tables():
                    _copy_table(src, dst, table, progress)
                _reset_sequences(dst)
                _verify(src, dst, source.key, result)
    except (SQLAlchemyError, psycopg.Error) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(
            "The copy to {path} failed and was undone: {reason}", path=shown, reason=reason
        ) from None
    result.seconds = time.perf_counter() - started
    return result
