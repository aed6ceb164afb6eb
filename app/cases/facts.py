"""Every open case with the facts the queue needs (promises, contacts, visits, agreements,
complaints) and the figures it shows now, in one SQL query.

Each fact is a correlated subquery answered from an index on the fact's case id (an index seek
per case, not a pass over the whole history), so the rebuild reads one row per open case and
never loops over ORM objects.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Text, func, select, type_coerce
from sqlalchemy.orm import Session

from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    ContactAttempt,
    Loan,
    Promise,
    PromiseStatus,
    Visit,
    VisitStatus,
)


def _facts() -> list[Any]:
    p, c, v, a, ai, k = Promise, ContactAttempt, Visit, Agreement, AgreementInstalment, Complaint
    return [
        select(func.count())
        .where(p.case_id == Case.id, p.status == PromiseStatus.BROKEN)
        .scalar_subquery()
        .label("broken_promises"),
        select(p.status)
        .where(p.case_id == Case.id)
        .order_by(p.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("last_promise_status"),
        select(func.min(p.due_on))
        .where(p.case_id == Case.id, p.status == PromiseStatus.PENDING)
        .scalar_subquery()
        .label("next_promise_due"),
        # Timestamps as stored (text on SQLite): compared as they are, parsed only when needed.
        type_coerce(
            select(func.max(c.at)).where(c.case_id == Case.id).scalar_subquery(), Text
        ).label("last_contact"),
        type_coerce(
            select(func.min(v.scheduled_start))
            .where(
                v.case_id == Case.id,
                v.status.in_([VisitStatus.BOOKED, VisitStatus.IN_PROGRESS]),
            )
            .scalar_subquery(),
            Text,
        ).label("next_visit_at"),
        select(func.min(ai.due_on))
        .join(a, ai.agreement_id == a.id)
        .where(
            a.case_id == Case.id,
            a.status.in_([AgreementStatus.SIGNED, AgreementStatus.ACTIVE]),
            ai.status == "pending",
        )
        .scalar_subquery()
        .label("next_agreement_due"),
        select(func.min(k.deadline_on))
        .where(
            k.case_id == Case.id,
            k.status.in_([ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING]),
            k.pauses_contact,
            k.pause_lifted_at.is_(None),
        )
        .scalar_subquery()
        .label("complaint_deadline"),
    ]


def open_cases_query() -> Select[Any]:
    """Open cases with their loan's status and visit flags, their facts and current figures."""
    return (
        select(
            Case.id,
            Case.loan_id,
            Case.status,
            Loan.status.label("loan_status"),
            Loan.home_visit_consent,
            Borrower.do_not_visit,
            # What the case shows now, so only the cases whose figures change are written.
            Case.dpd,
            Case.bucket,
            Case.amount_overdue,
            Case.score,
            type_coerce(Case.score_breakdown, Text).label("breakdown_json"),
            Case.next_action_on,
            Case.paused,
            type_coerce(Case.last_contact_at, Text).label("last_contact_at"),
            Case.computed_as_of,
            *_facts(),
        )
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Case.status != CaseStatus.CLOSED)
    )


def open_cases(session: Session, loan_ids: list[int] | None) -> dict[int, Any]:
    """Open case rows by loan id: every open case, or those of the given loans."""
    query = open_cases_query()
    if loan_ids is None:
        return {row.loan_id: row for row in session.execute(query)}
    found: dict[int, Any] = {}
    for start in range(0, len(loan_ids), 900):
        chunk = loan_ids[start : start + 900]
        rows = session.execute(query.where(Case.loan_id.in_(chunk)))
        found.update((row.loan_id, row) for row in rows)
    return found
