"""Whether a borrower's personal data were erased (app/erasure.py), and the refusal of anything
new recorded about such a borrower: a small module, so that the use cases that record contacts,
visits, numbers and flags read it without loading the erasure's own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.models import Borrower, BorrowerErasure


def erased_day(session: Session, at: dt.datetime) -> dt.date:
    """The office's date of an erasure."""
    from app.office import office_zone

    return at.astimezone(office_zone(session)).date()


def refuse_erased(session: Session, borrower_id: int) -> None:
    """Raise ValidationError when this borrower's personal data were erased: nothing new is
    recorded about them (a contact, a visit, a number, a flag)."""
    row = session.execute(
        select(Borrower.borrower_no, BorrowerErasure.erased_at)
        .join(BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id)
        .where(Borrower.id == borrower_id)
    ).first()
    if row is not None:
        raise ValidationError(
            "The personal data of borrower {number} were erased on {date}: nothing new can be "
            "recorded about them.",
            number=row.borrower_no,
            date=erased_day(session, row.erased_at).isoformat(),
        )


def erased_on(session: Session, borrower_id: int) -> dt.date | None:
    """The office's date this borrower's personal data were erased (None: they were not)."""
    at = session.scalar(
        select(BorrowerErasure.erased_at).where(BorrowerErasure.borrower_id == borrower_id)
    )
    return None if at is None else erased_day(session, at)
