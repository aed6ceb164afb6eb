"""Whom a contact on a case reaches: the case's borrower, time zone and phones, read in one
indexed statement (the part of app/compliance/context.py that validating a contact needs first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.compliance.prepared import fetch
from app.models import Borrower, Case, Loan, Phone


@cache
def _target() -> Select[*tuple[Any, ...]]:
    """The case's opening date, its borrower and time zone, and the borrower's phones (one row
    per phone; one row of NULL phone columns when there is none), valid numbers first, of those
    the primary first."""
    return (
        select(
            Case.opened_on,
            Loan.borrower_id,
            Borrower.timezone,
            Phone.number,
            Phone.kind,
            Phone.is_primary,
        )
        .select_from(Case)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(Phone, Phone.borrower_id == Loan.borrower_id)
        .where(Case.id == bindparam("case_id"))
        .order_by(Phone.valid.desc(), Phone.is_primary.desc(), Phone.id)
    )


@dataclass(frozen=True)
class Target:
    """Whom a contact on a case reaches: what validating the contact needs to know."""

    opened_on: dt.date
    borrower_id: int
    timezone: str
    # The borrower's (E.164 number, kind): valid numbers first, of those the primary first.
    phones: tuple[tuple[str, str], ...]

    @property
    def primary_number(self) -> str | None:
        """The number a call or message goes to when none is named: the primary, unless a
        contact found it wrong or out of service and another number is valid."""
        return self.phones[0][0] if self.phones else None

    def kind_of(self, number: str | None) -> str | None:
        """The kind (mobile, home, work) of one of the borrower's numbers, else None."""
        return next((kind for known, kind in self.phones if known == number), None)


def contact_target(session: Session, case_id: int) -> Target | None:
    """The case's `Target` (one indexed statement), or None when there is no such case."""
    session.flush()  # the statement runs on the connection, past the session's autoflush
    rows = fetch(session, _target(), {"case_id": case_id})
    if not rows:
        return None
    first = rows[0]
    phones = tuple((r.number, r.kind) for r in rows if r.number is not None)
    return Target(first.opened_on, first.borrower_id, first.timezone, phones)
