"""A visit on a past day whose loan has been paid off since: what the queue showed for the case on
that day, for the tests of the visit sheet reprinted for it (core, PDF and CLI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import Case, CaseStatus, Loan, User, Visit
from app.visits.common import utc
from tests.core.test_visits import come_due
from tests.core.visit_office import SHANGHAI, book, case_nos, login, verified_visit
from tests.office_day import office_today


@dataclass(frozen=True)
class PastVisit:
    visit_no: str
    day: dt.date  # the visit's day on the office's clock
    amount_overdue: int  # the case's figures in the queue rebuilt as of that day
    dpd: int
    bucket: str


def visit_paid_since(database: Any, days_ago: int = 10) -> PastVisit:
    """agent01's visit (with agent02) on the first case, `days_ago` days back; the queue's
    figures for the case as of that day; then the loan paid off today, which closes the case
    and leaves it showing 0.00."""
    case_no = case_nos(database)[0]
    visit_no = verified_visit(database, case_no)
    assert book(database, visit_no).saved
    come_due(database, visit_no, dt.timedelta(days=days_ago))  # bookings only go forward
    with database.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert visit is not None and visit.scheduled_start is not None
        day = utc(visit.scheduled_start).astimezone(SHANGHAI).date()
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None
        loan = s.get(Loan, case.loan_id)
        assert loan is not None
        rebuild_queue(s, None, day, loan_ids=[loan.id])  # a look-back: figures only
        s.flush()
        s.refresh(case)
        then = PastVisit(visit_no, day, case.amount_overdue, case.dpd, case.bucket)
        owed = sum(i.outstanding for i in loan.instalments)
        loan_no = loan.loan_no
    assert then.amount_overdue > 0 and then.dpd > 0
    supervisor = login(database, "supervisor")
    with database.session(write_lock=True) as s:
        record_payment(s, s.get(User, supervisor.id), loan_no, owed, office_today())
    with database.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None
        assert case.status is CaseStatus.CLOSED and case.amount_overdue == 0  # as it reads now
    return then
