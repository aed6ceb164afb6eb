"""Borrower upkeep: the stop flags (supervisor, admin), saved only over the version read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.concurrency import saving, stale
from app.errors import NotFound, ValidationError
from app.models import Borrower, User

STOP_FLAGS = (
    "do_not_visit",
    "contact_refused",
    "has_lawyer",
    "do_not_call_at_work",
    "e_opt_out",
    "vulnerable",
    "quiet_hours_consent",
)


def update_borrower_flags(
    session: Session, actor: User, borrower_no: str, *, expected_version: int, **flags: bool
) -> Borrower:
    """Set some of a borrower's stop flags. Refused with StaleEdit when the borrower changed
    since the caller read `expected_version`; an unchanged value is not written or audited."""
    require(actor, Permission.EDIT_BORROWERS)
    unknown = sorted(set(flags) - set(STOP_FLAGS))
    if unknown:
        raise ValidationError(
            "Unknown stop flag {name}; choose from: {choices}.",
            name=", ".join(unknown),
            choices=", ".join(STOP_FLAGS),
        )
    borrower = session.scalar(
        select(Borrower)
        .where(Borrower.borrower_no == (borrower_no or "").strip())
        .execution_options(populate_existing=True)
    )
    if borrower is None:
        raise NotFound("Unknown borrower {number}.", number=borrower_no)
    if borrower.version != expected_version:
        raise stale(session, "Borrower", borrower.borrower_no)
    changes = {
        name: [getattr(borrower, name), bool(value)]
        for name, value in flags.items()
        if getattr(borrower, name) != bool(value)
    }
    if not changes:
        return borrower
    with saving(session, "Borrower", borrower.borrower_no):
        for name, (_old, new) in changes.items():
            setattr(borrower, name, new)
        audit.record(session, actor, "borrower.flags", "borrower", borrower.borrower_no, changes)
    return borrower
