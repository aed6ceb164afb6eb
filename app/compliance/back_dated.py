"""The facts as they stood when a contact logged after the fact was made: the complaints that
paused the case then, the borrower's stop flags and related persons' consent and do-not-contact
then (the audit trail's changes since), and whether the loan was with legal then (the loan's
legal_at and legal_ended_at, read with its other facts)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.compliance.prepared import fetch
from app.models import AuditEntry, Borrower, Complaint, LoanStatus


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
        select(a.changes, a.at)
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
    person_id: int | None = None, changed: dict[str, dt.datetime] | None = None,
) -> dict[str, bool]:  # fmt: skip
    """Flags as they stood at `at`, from those they hold `now`: a flag changed since then had
    the value its first later change found (the audit trail's `old`); `changed`, when given,
    gets when that first change was made (aware UTC)."""
    then: dict[str, bool] = {}
    params = {"borrower_id": borrower_id, "at": at, "action": action}
    for changes, made in fetch(session, _flag_changes_since(), params):
        changes = changes or {}
        if person_id is not None and changes.get("person_id") != person_id:
            continue
        for name, change in changes.items():
            if name in now and isinstance(change, list) and change and name not in then:
                then[name] = bool(change[0])  # the first change after `at`
                if changed is not None:
                    changed[name] = made if made.tzinfo else made.replace(tzinfo=dt.UTC)
    return {**now, **then}


def flags_then(
    session: Session, borrower_id: int, now: dict[str, bool], at: dt.datetime,
    changed: dict[str, dt.datetime] | None = None,
) -> dict[str, bool]:  # fmt: skip
    """The borrower's stop flags as they stood at `at`, from those they hold `now`; `changed`,
    when given, gets when each flag that differed then first changed after `at`."""
    return _then(session, borrower_id, now, at, "borrower.flags", changed=changed)


def person_then(
    session: Session, borrower_id: int, person_id: int, now: dict[str, bool], at: dt.datetime
) -> dict[str, bool]:
    """A related person's consent and do-not-contact as they stood at `at` (app/borrowers.py)."""
    return _then(session, borrower_id, now, at, "borrower.related", person_id)


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def with_legal_then(
    status: LoanStatus | str, legal_at: dt.datetime | None, ended: dt.datetime | None,
    then: dt.datetime, now: dt.datetime,
) -> bool:  # fmt: skip
    """Whether the loan was with legal at `then`: a contact logged after the fact is judged by its
    own time, not by the loan's status now. Only the loan's last stretch with legal is kept
    (`legal_at` to `ended`, None while it lasts): a contact during an earlier one, recalled and
    sent again since, is judged as not with legal. A live contact (`then` not before `now`), or a
    loan with legal whose start is not known, by its status now."""
    if then >= now or legal_at is None:
        return status == LoanStatus.LEGAL
    if then < _utc(legal_at):
        return False  # sent to legal after the contact
    if ended is None:
        return status == LoanStatus.LEGAL
    return then < _utc(ended)  # recalled (or written off) after the contact


def past_stretch(
    with_legal: bool, legal_at: dt.datetime | None, ended: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime] | None:
    """When a loan with legal at a contact's time (`with_legal`, by `with_legal_then`) was sent
    and when that stretch ended (aware UTC), if it has ended: the warning then says the loan was
    with legal then, not that it is. None while the stretch lasts."""
    if not with_legal or legal_at is None or ended is None:
        return None
    return _utc(legal_at), _utc(ended)
