"""The lists behind the dashboard tiles with no page of their own: recoveries, visits (no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from app.i18n import listed
from app.models import Case, Loan, Office, Payment, User, Visit
from app.models.base import utcnow
from app.office import office_today
from app.queries.dashboard import (
    RECOVERED,
    _in_collection,
    _loans_in_collection,
    _visit_scope,
    checkout_grace_minutes,
    late_checkout_condition,
    not_checked_in_condition,
    visits_today_condition,
)
from app.visits.common import visit_teams


@dataclass(frozen=True)
class RecoveryRow:
    paid_on: dt.date
    case_no: str
    loan_no: str
    borrower: str
    amount: int


@dataclass(frozen=True)
class VisitRow:
    visit_no: str
    case_no: str
    borrower: str
    scheduled_start: dt.datetime | None
    scheduled_end: dt.datetime | None
    status: str
    agents: str


def recovery_rows(session: Session, user: User, start: dt.date, end: dt.date) -> list[RecoveryRow]:
    """The payments behind the recovery figures, newest first (the same rule as the totals)."""
    from app.models import Borrower

    conditions = _in_collection(user)
    case_no = select(func.max(Case.case_no)).where(*conditions).scalar_subquery()
    query = (
        select(Payment.paid_on, case_no, Loan.loan_no, Borrower.name, RECOVERED)
        .join(Loan, Loan.id == Payment.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(
            Payment.paid_on >= start,
            Payment.paid_on <= end,
            _loans_in_collection(start, end),
            exists().where(*conditions),
        )
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )
    return [RecoveryRow(*row) for row in session.execute(query)]


def visit_rows(
    session: Session, user: User, which: str, now: dt.datetime | None = None
) -> list[VisitRow]:
    """Today's visits ("today"), or those the safety-call tile counts ("late"): past their end
    without check-out, or booked and never checked in."""
    from app.models import Borrower

    today = office_today(session)  # today's visits, whatever queue date a supervisor set
    office = session.scalar(select(Office).order_by(Office.id).limit(1))
    zone = office.timezone if office else "Asia/Shanghai"
    moment = now or utcnow()
    condition = (
        visits_today_condition(today, zone)
        if which == "today"
        else or_(
            late_checkout_condition(moment, checkout_grace_minutes(session)),
            not_checked_in_condition(moment),
        )
    )
    query = (
        select(
            Visit.id,
            Visit.visit_no,
            Case.case_no,
            Borrower.name,
            Visit.scheduled_start,
            Visit.scheduled_end,
            Visit.status,
        )
        .join(Case, Case.id == Visit.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(condition)
        .order_by(Visit.scheduled_start, Visit.id)
    )
    scope = _visit_scope(user)
    if scope is not None:
        query = query.where(scope)
    found = session.execute(query).all()
    teams = visit_teams(session, [row[0] for row in found])
    return [
        VisitRow(no, case_no, name, start, end, str(status), listed([n for _, n in teams[vid]]))
        for vid, no, case_no, name, start, end, status in found
    ]
