"""Erasures survive a restore (PIPL Art. 47): a backup made before a borrower's personal data were
erased still holds them, and restoring it must not bring them back into the office.

Before the restored database is swapped in (app/restore.py), the erasures recorded in the office
as it is are read, and each one the backup does not have is applied again to the restored copy:
the same blanking, key deletion and borrower_erasure row as app/erasure.py's (with the first
erasure's time and, when the restored office has that user, who made it), and an audit entry
`borrower.erasure_reapplied` naming who erased and when. A borrower is the same one only when
both the id and the borrower number match: the ids of another office's backup name others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.erasure import apply_erasure
from app.i18n import plural, tr
from app.models import Borrower, BorrowerErasure, User
from db.store import Database


@dataclass(frozen=True)
class OfficeErasure:
    """One erasure recorded in the office: whose, when (UTC), by whom (user name, if known)."""

    borrower_id: int
    borrower_no: str
    erased_at: dt.datetime
    erased_by: str | None


def office_erasures(session: Session) -> list[OfficeErasure]:
    """Every erasure recorded in this office, oldest first."""
    rows = session.execute(
        select(
            BorrowerErasure.borrower_id,
            Borrower.borrower_no,
            BorrowerErasure.erased_at,
            User.username,
        )
        .join(Borrower, Borrower.id == BorrowerErasure.borrower_id)
        .outerjoin(User, User.id == BorrowerErasure.erased_by_id)
        .order_by(BorrowerErasure.erased_at, BorrowerErasure.borrower_id)
    ).all()
    return [OfficeErasure(*row) for row in rows]


def not_erased_in(
    erasures: Sequence[OfficeErasure], numbers: Mapping[int, str], erased: Collection[int]
) -> list[OfficeErasure]:
    """The erasures a database lacks, given its borrower numbers by id and the ids it erased."""
    return [
        e
        for e in erasures
        if numbers.get(e.borrower_id) == e.borrower_no and e.borrower_id not in erased
    ]


def pending_in_backup(
    erasures: Sequence[OfficeErasure], backup: Path, key: str
) -> list[OfficeErasure]:
    """The erasures a backup file lacks (read without changing it): what restoring it erases
    again. A backup from before erasures were recorded (database version 22) lacks them all."""
    from db.backup import read_rows

    if not erasures:
        return []
    ids = sorted({e.borrower_id for e in erasures})
    tables = {row[0] for row in read_rows(backup, key, "SELECT name FROM sqlite_master")}
    numbers: dict[int, str] = {}
    erased: set[int] = set()
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, borrower_no FROM borrower WHERE id IN ({marks})"
        numbers.update(read_rows(backup, key, sql, part))
        if "borrower_erasure" in tables:
            sql = f"SELECT borrower_id FROM borrower_erasure WHERE borrower_id IN ({marks})"
            erased.update(row[0] for row in read_rows(backup, key, sql, part))
    return not_erased_in(erasures, numbers, erased)


def pending_in(session: Session, erasures: Sequence[OfficeErasure]) -> list[OfficeErasure]:
    """The erasures the database of `session` lacks."""
    ids = [e.borrower_id for e in erasures]
    if not ids:
        return []
    numbers = dict(
        session.execute(select(Borrower.id, Borrower.borrower_no).where(Borrower.id.in_(ids))).all()
    )
    erased = set(
        session.scalars(
            select(BorrowerErasure.borrower_id).where(BorrowerErasure.borrower_id.in_(ids))
        )
    )
    return not_erased_in(erasures, numbers, erased)


def reapply(
    session: Session, actor: User | None, erasures: Sequence[OfficeErasure]
) -> tuple[str, ...]:
    """Erase again, in the restored database of `session`, each erasure it lacks; `actor` is who
    restores (a user of that database). Returns the borrower numbers erased again."""
    done: list[str] = []
    for erasure in pending_in(session, erasures):
        borrower = session.get(Borrower, erasure.borrower_id)
        assert borrower is not None  # pending_in found it
        by = (
            session.scalar(select(User.id).where(User.username == erasure.erased_by))
            if erasure.erased_by
            else None
        )
        case_nos = apply_erasure(session, borrower, erasure.erased_at, by)
        audit.record(
            session,
            actor,
            "borrower.erasure_reapplied",
            "borrower",
            borrower.borrower_no,
            {
                "borrower_id": borrower.id,
                "cases": list(case_nos),
                "erased_at": erasure.erased_at.isoformat(),
                "erased_by": erasure.erased_by,
            },
        )
        done.append(borrower.borrower_no)
    return tuple(done)


def erased_since(database: Database, backup: Path, key: str) -> list[OfficeErasure]:
    """The erasures of the office at `database` that the backup (opened with `key`) lacks: what
    restoring it erases again."""
    with database.sessions() as session:
        erasures = office_erasures(session)
    return pending_in_backup(erasures, backup, key)


def erased_again_words(count: int, lang: str | None = None) -> str:
    """What the confirmation of a restore says of the erasures it makes again ("" for none)."""
    if not count:
        return ""
    return plural(
        count,
        "{count} borrower erased since this backup was made will be erased again in the "
        "restored office.",
        "{count} borrowers erased since this backup was made will be erased again in the "
        "restored office.",
        lang,
    )


def erased_again_done(count: int, lang: str | None = None) -> str:
    """What is said once a restore made erasures again ("" for none)."""
    if not count:
        return ""
    return plural(
        count,
        "{count} borrower erased since the backup was made was erased again in the restored "
        "office.",
        "{count} borrowers erased since the backup was made were erased again in the restored "
        "office.",
        lang,
    )


def _erase_where(cli: bool, lang: str | None) -> str:
    """Where an admin erases a borrower again: the Rules page's line, or the CLI's command."""
    if cli:
        return tr(
            "casedesk rules retention lists the closed cases past their records retention, and "
            "--erase CASE_NO erases their borrowers",
            lang,
        )
    return tr("Rules ▸ records retention ▸ Show them… ▸ Erase personal data…", lang)


def erasures_unread_words(cli: bool = False, lang: str | None = None) -> str:
    """What the confirmation of a restore says when the office as it is cannot be read (damaged):
    its erasures are unknown, so none is made again; where to make them again (`cli`: the
    command, else the window's page)."""
    return tr(
        "The current office cannot be read, so borrowers erased in it since this backup was "
        "made cannot be erased again in the restored office. After the restore, erase them "
        "again ({where}).",
        lang,
        where=_erase_where(cli, lang),
    )


def erasures_unread_done(cli: bool = False, lang: str | None = None) -> str:
    """What is said once a restore replaced an office that could not be read."""
    return tr(
        "The office as it was could not be read, so borrowers erased in it since the backup was "
        "made were not erased again. Erase them again ({where}).",
        lang,
        where=_erase_where(cli, lang),
    )


def after_restore_words(
    reerased: int, unread: bool, cli: bool = False, lang: str | None = None
) -> str:
    """What a restore's end says of erasures: those made again, or that none could be known
    (`unread`: the office it replaced could not be read)."""
    return erasures_unread_done(cli, lang) if unread else erased_again_done(reerased, lang)
