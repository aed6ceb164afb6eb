"""The audit trail of one case, or of one borrower: which entries are about it.

The trail names each entry's subject by its kind and number (app/audit.py): a contact, a promise
or an assignment by its case's number, a visit, an agreement or a complaint by its own, a payment
or a decision to close by the loan's. The case's trail is the entries about the case, about any
of its visits, agreements and complaints, and about its loan while the case was open (payments,
write-off, legal); a borrower's adds the borrower's own entries (stop flags, phones, personal data
shown or copied) and every case of theirs. Each part is one seek on ix_audit_entry_entity.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from app.borrowers import find_borrower
from app.contacts import find_case
from app.models import Agreement, AuditEntry, Case, Complaint, Loan, User, Visit
from app.office import office_timezone


def _about(entity: str, numbers: list[str]) -> ColumnElement[bool]:
    a = AuditEntry
    return and_(a.entity == entity, a.entity_id.in_(numbers)) if numbers else false()


def _subjects(session: Session, cases: list[Case]) -> list[ColumnElement[bool]]:
    """The entries about these cases and their visits, agreements and complaints."""
    ids = [c.id for c in cases]
    visits = session.scalars(select(Visit.visit_no).where(Visit.case_id.in_(ids)))
    agreements = session.scalars(select(Agreement.agreement_no).where(Agreement.case_id.in_(ids)))
    complaints = session.scalars(select(Complaint.complaint_no).where(Complaint.case_id.in_(ids)))
    return [
        _about("case", [c.case_no for c in cases]),
        _about("visit", list(visits)),
        _about("agreement", list(agreements)),
        _about("complaint", list(complaints)),
    ]


def _office_day(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)


def case_trail(session: Session, user: User, typed: str) -> ColumnElement[bool]:
    """The entries about case `typed` and anything of it; an unknown number is NotFound."""
    case = find_case(session, user, typed)
    loan_no = session.scalar(select(Loan.loan_no).where(Loan.id == case.loan_id))
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    # The loan's entries while the case was open: its payments and closing decisions, not its
    # booking nor an earlier case's payments (as the case's story starts when it opened).
    a = AuditEntry
    opened = _office_day(case.opened_on, zone)
    window = [a.entity == "loan", a.entity_id == loan_no, a.action != "loan.book", a.at >= opened]
    if case.closed_on is not None:
        window.append(a.at < _office_day(case.closed_on + dt.timedelta(days=1), zone))
    return or_(*_subjects(session, [case]), and_(*window))


def borrower_trail(session: Session, typed: str) -> ColumnElement[bool]:
    """The entries about borrower `typed`, their loans and every case of theirs."""
    borrower = find_borrower(session, typed)
    loans = dict(
        session.execute(select(Loan.id, Loan.loan_no).where(Loan.borrower_id == borrower.id)).all()
    )
    cases = list(session.scalars(select(Case).where(Case.loan_id.in_(list(loans)))))
    return or_(
        _about("borrower", [borrower.borrower_no]),
        _about("loan", [str(n) for n in loans.values()]),
        *_subjects(session, cases),
    )
