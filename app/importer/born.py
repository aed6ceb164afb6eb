"""No loan is disbursed before its borrower was born: the birth date is the one the borrowers
import read from the ID number (QA s44: a loan of 1900-01-01 for a borrower born in 1985 showed
46,330 days past due in the queue)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.models import Borrower


def birth_dates(session: Session) -> dict[int, dt.date]:
    """Borrower id → birth date, for the borrowers whose birth date is known."""
    query = select(Borrower.id, Borrower.birth_date).where(Borrower.birth_date.is_not(None))
    return {r.id: r.birth_date for r in session.execute(query)}


def before_birth(
    born: dict[int, dt.date], borrower_id: int | None, borrower_no: str | None, disbursed: dt.date
) -> ValidationError | None:
    """Why a loan disbursed on `disbursed` cannot be the borrower's, if it cannot."""
    birth = born.get(borrower_id) if borrower_id is not None else None
    if birth is None or disbursed >= birth:
        return None
    return ValidationError(
        "The disbursement date {date} is before borrower {borrower} was born "
        "({born}, from the ID number).",
        date=disbursed,
        borrower=borrower_no,
        born=birth,
    )
