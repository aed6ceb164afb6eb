"""The facts as they stood when a contact logged after the fact was made: the complaints that
paused the case then, and the borrower's stop flags and related persons' consent and
do-not-contact then (the audit trail's changes since)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.compliance.prepared import fetch
from app.models import AuditEntry, Borrower, Complaint


@cache
def paused_then() -> Select[*tuple[Any, ...]]:
    """Complaints whose pause was in force at `at`: made by then, and lifted after it or not
    lifted and still open (as `paused_count` counts a pause now)."""
    k = Complaint
    return (
        select(func.count())
        .select_from(k)
        .where(
            k.case_id == bindparam("case_id"),
            k.created_at <= bindparam("at"),
            or_(and_(k.pauses_contact, k.pause_lifted_at > bindparam("at")), k.pausing_now()),
        )
    )


@cache
def _flag_changes_since() -> Select[*tuple[Any, ...]]:
    """The borrower's flag changes of one kind (`action`) after `at`, oldest first (each
    {flag: [old, new], …})."""
    a = AuditEntry
    number = select(Borrower.borrower_no).where(Borrower.id == bindparam("borrower_id"))
    return (
        select(a.changes)
        .where(
            a.entity == "borrower",
            a.entity_id == number.scalar_subquery(),
            a.action == bindparam("action"),
            a.at > bindparam("at"),
        )
        .order_by(a.id)
    )


def _then(
    session: Session, borrower_id: int, now: dict[str, bool], at: dt.datetime, action: str,
    person_id: int | None = None,
) -> dict[str, bool]:  # fmt: skip
    """Flags as they stood at `at`, from those they hold `now`: a flag changed since then had
    the value its first later change found (the audit trail's `old`)."""
    then: dict[str, bool] = {}
    params = {"borrower_id": borrower_id, "at": at, "action": action}
    for (changes,) in fetch(session, _flag_changes_since(), params):
        changes = changes or {}
        if person_id is not None and changes.get("person_id") != person_id:
            continue
        for name, change in changes.items():
            if name in now and isinstance(change, list) and change:
                then.setdefault(name, bool(change[0]))  # the first change after `at`
    return {**now, **then}


def flags_then(
    session: Session, borrower_id: int, now: dict[str, bool], at: dt.datetime
) -> dict[str, bool]:
    """The borrower's stop flags as they stood at `at`, from those they hold `now`."""
    return _then(session, borrower_id, now, at, "borrower.flags")


def person_then(
    session: Session, borrower_id: int, person_id: int, now: dict[str, bool], at: dt.datetime
) -> dict[str, bool]:
    """A related person's consent and do-not-contact as they stood at `at` (app/borrowers.py)."""
    return _then(session, borrower_id, now, at, "borrower.related", person_id)
