"""Whether a borrower's personal data were erased (app/erasure.py), and the refusal of anything
new recorded about such a borrower: a small module, so that the use cases that record contacts,
visits, numbers and flags read it without loading the erasure's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.models import Borrower, BorrowerErasure, Case, Loan


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


def case_borrowers(
    session: Session, case_ids: Sequence[int]
) -> dict[int, tuple[str, dt.date | None]]:
    """Each case's borrower number and the office's date their personal data were erased (None:
    not erased), by case id: what the list of cases past their retention shows beside each."""
    found: dict[int, tuple[str, dt.date | None]] = {}
    ids = list(case_ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Case.id, Borrower.borrower_no, BorrowerErasure.erased_at)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .outerjoin(BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id)
            .where(Case.id.in_(ids[start : start + 500]))
        )
        for case_id, number, at in rows:
            found[case_id] = (number, None if at is None else erased_day(session, at))
    return found


def erased_numbers(session: Session) -> dict[str, dt.date]:
    """The numbers of the borrowers whose personal data were erased, with the office's date of
    each erasure: what an import refuses to bring back."""
    rows = session.execute(
        select(Borrower.borrower_no, BorrowerErasure.erased_at).join(
            BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id
        )
    )
    return {number: erased_day(session, at) for number, at in rows}


def erased_row(number: str, day: dt.date) -> ValidationError:
    """Why an import's row for an erased borrower is refused: whatever it holds, nothing about
    them can be recorded again, on the borrower's page or by an import."""
    return ValidationError(
        "The personal data of borrower {number} were erased on {date} under the records "
        "retention rule; this row cannot be imported again.",
        number=number,
        date=day.isoformat(),
    )


def erased_loan(number: str, day: dt.date) -> ValidationError:
    """Why a loans import's new loan for an erased borrower is refused."""
    return ValidationError(
        "The personal data of borrower {number} were erased on {date} under the records "
        "retention rule; no new loan can be booked for them.",
        number=number,
        date=day.isoformat(),
    )
