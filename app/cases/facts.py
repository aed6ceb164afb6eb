"""Every open case with the facts the queue needs (promises broken and kept, contacts, visits,
agreements, complaints, breaches) and the figures it shows now, in one SQL query.

Each fact is a correlated subquery answered from an index on the fact's case id (an index seek
per case, not a pass over the whole history), so the rebuild reads one row per open case and
never loops over ORM objects.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Date, Select, Text, case, cast, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.models import (
    PROMISE_NOT_KEPT,
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ContactAttempt,
    Loan,
    Promise,
    PromiseStatus,
    Visit,
    VisitStatus,
)


def _first_owed(ai: type[AgreementInstalment]) -> Any:
    """The due date of the first pending instalment still owed: one the payments already cover
    in full stays pending until its day (the watch judges it then), but nothing is owed on it.
    Never null while one is pending, so the rebuild still sees the agreement in force."""
    return func.coalesce(
        func.min(case((ai.paid_amount < ai.amount, ai.due_on))), func.min(ai.due_on)
    )


SHORT = ("missed", "partial")  # an agreement instalment that fell due and was not paid in full


def _latest_breached(a: type[Agreement]) -> Any:
    """The case's latest breached agreement (the highest id), correlated to the outer case.
    Said explicitly: two selects deep, auto-correlation left the case in its own FROM, so every
    case rebuilt alone took the office's latest breach as its own (found by QA)."""
    return (
        select(func.max(a.id))
        .where(a.case_id == Case.id, a.status == AgreementStatus.BREACHED)
        .correlate(Case)
        .scalar_subquery()
    )


def _per_case() -> tuple[list[Any], list[tuple[Any, Any]]]:
    """The facts as columns, and the outer joins that bring them.

    The promise, visit, agreement and complaint tables are small beside the open cases: each is
    grouped by case once, and the groups are joined to the cases (a hash or automatic index
    lookup per case). The contact history is large, so its last contact stays a correlated
    subquery answered from the (case_id, at) index alone.
    """
    p, c, v, a, ai, k = Promise, ContactAttempt, Visit, Agreement, AgreementInstalment, Complaint
    promises = (
        select(
            p.case_id,
            func.sum(case((p.status.in_(PROMISE_NOT_KEPT), 1), else_=0)).label("broken"),
            func.sum(case((p.status == PromiseStatus.KEPT, 1), else_=0)).label("kept"),
            func.max(p.id).label("last_id"),
            func.min(case((p.status == PromiseStatus.PENDING, p.due_on))).label("next_due"),
        )
        .group_by(p.case_id)
        .subquery("promises")
    )
    last_promise = aliased(Promise, name="last_promise")
    visits = (
        select(v.case_id, func.min(v.scheduled_start).label("next_at"))
        .where(v.status.in_([VisitStatus.BOOKED, VisitStatus.IN_PROGRESS]))
        .group_by(v.case_id)
        .subquery("visits")
    )
    agreements = (
        select(a.case_id, _first_owed(ai).label("next_due"))
        .join(ai, ai.agreement_id == a.id)
        .where(
            a.status.in_([AgreementStatus.SIGNED, AgreementStatus.ACTIVE]),
            ai.status == "pending",
        )
        .group_by(a.case_id)
        .subquery("agreements")
    )
    complaints = (
        select(k.case_id, func.min(k.deadline_on).label("deadline"))
        .where(
            k.pausing_now(),
        )
        .group_by(k.case_id)
        .subquery("complaints")
    )
    # The case's latest breached agreement, then the due date of its first instalment left short:
    # the breach is dated the day after (app.agreements.outcome, "Breached on").
    latest = (
        select(a.case_id, func.max(a.id).label("agreement_id"))
        .where(a.status == AgreementStatus.BREACHED)
        .group_by(a.case_id)
        .subquery("latest_breached")
    )
    breaches = (
        select(latest.c.case_id, func.min(ai.due_on).label("short_on"))
        .join(ai, ai.agreement_id == latest.c.agreement_id)
        .where(ai.status.in_(SHORT))
        .group_by(latest.c.case_id)
        .subquery("breaches")
    )
    columns = [
        func.coalesce(promises.c.broken, 0).label("broken_promises"),
        last_promise.status.label("last_promise_status"),
        type_coerce(promises.c.next_due, Date).label("next_promise_due"),
        # Timestamps as stored (text on SQLite): compared as they are, parsed only when needed.
        type_coerce(
            select(func.max(c.at)).where(c.case_id == Case.id).scalar_subquery(), Text
        ).label("last_contact"),
        type_coerce(visits.c.next_at, Text).label("next_visit_at"),
        agreements.c.next_due.label("next_agreement_due"),
        complaints.c.deadline.label("complaint_deadline"),
        type_coerce(breaches.c.short_on, Date).label("breach_short_on"),
        type_coerce(last_promise.created_at, Text).label("last_promise_made"),
        func.coalesce(promises.c.kept, 0).label("kept_promises"),
        type_coerce(last_promise.due_on, Date).label("last_promise_due"),
    ]
    joins = [
        (promises, promises.c.case_id == Case.id),
        (last_promise, last_promise.id == promises.c.last_id),
        (visits, visits.c.case_id == Case.id),
        (agreements, agreements.c.case_id == Case.id),
        (complaints, complaints.c.case_id == Case.id),
        (breaches, breaches.c.case_id == Case.id),
    ]
    return columns, joins


def _per_case_correlated() -> list[Any]:
    """The same facts, each a subquery on the case's own rows (an index seek per case): for a
    few cases (a payment's loan, the day's new cases), where grouping the whole promise, visit,
    agreement and complaint tables first would cost a quarter of a second every time."""
    p, c, v, a, ai, k = Promise, ContactAttempt, Visit, Agreement, AgreementInstalment, Complaint
    mine = p.case_id == Case.id
    return [
        select(func.count())
        .where(mine, p.status.in_(PROMISE_NOT_KEPT))
        .scalar_subquery()
        .label("broken_promises"),
        select(p.status)
        .where(mine)
        .order_by(p.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("last_promise_status"),
        type_coerce(
            select(func.min(p.due_on))
            .where(mine, p.status == PromiseStatus.PENDING)
            .scalar_subquery(),
            Date,
        ).label("next_promise_due"),
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
        select(_first_owed(ai))
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
            k.pausing_now(),
        )
        .scalar_subquery()
        .label("complaint_deadline"),
        type_coerce(
            select(func.min(ai.due_on))
            .where(ai.agreement_id == _latest_breached(a), ai.status.in_(SHORT))
            .scalar_subquery(),
            Date,
        ).label("breach_short_on"),
        type_coerce(
            select(p.created_at).where(mine).order_by(p.id.desc()).limit(1).scalar_subquery(),
            Text,
        ).label("last_promise_made"),
        select(func.count())
        .where(mine, p.status == PromiseStatus.KEPT)
        .scalar_subquery()
        .label("kept_promises"),
        type_coerce(
            select(p.due_on).where(mine).order_by(p.id.desc()).limit(1).scalar_subquery(),
            Date,
        ).label("last_promise_due"),
    ]


def open_cases_query(*, correlated: bool = False) -> Select[*tuple[Any, ...]]:
    """Open cases with their loan's status and visit flags, their facts and current figures;
    `correlated` for a few cases (_per_case_correlated), else for all of them (_per_case)."""
    facts, joins = (_per_case_correlated(), []) if correlated else _per_case()
    query = (
        select(
            Case.id,
            Case.loan_id,
            Case.status,
            Loan.status.label("loan_status"),
            Loan.home_visit_consent,
            Borrower.do_not_visit,
            # What the case shows now, so only the cases whose figures change are written; in
            # the table's column order, the order of the rebuild's UPDATE (rebuild_write).
            Case.next_action_on,
            Case.computed_as_of,
            Case.dpd,
            Case.bucket,
            Case.amount_overdue,
            Case.score,
            # As text on every engine (a driver may parse JSON itself): compared with the text
            # the rebuild makes (breakdown_json), as stored.
            cast(Case.score_breakdown, Text).label("breakdown_json"),
            Case.paused,
            Case.waiting,
            type_coerce(Case.last_contact_at, Text).label("last_contact_at"),
            *facts,
        )
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
    )
    for target, on in joins:
        query = query.outerjoin(target, on)
    return query.where(Case.status != CaseStatus.CLOSED)


@cache
def _query(correlated: bool = False) -> Select[*tuple[Any, ...]]:
    """The query, built once: building a statement with seven facts costs more than a tenth of
    a second of Python, every time."""
    return open_cases_query(correlated=correlated)


_SQL: dict[tuple[str, bool], str] = {}


def _sql(dialect: Any, correlated: bool) -> str:
    """The query's SQL for the dialect, its few constants (status names, 0, 1) written in."""
    key = (dialect.name, correlated)
    if key not in _SQL:
        query = _query(correlated)
        _SQL[key] = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    return _SQL[key]


def open_cases(session: Session, loan_ids: list[int] | None) -> dict[int, tuple[Any, ...]]:
    """Open case rows by loan id: every open case, or those of the given loans.

    The rows are the driver's own tuples, read on the session's connection: no ORM, and no
    result processing, which for 20,000 rows of 22 columns cost more than the query. Values are
    as the database gives them: an enum's name, a date or timestamp as text on SQLite, a flag as
    0/1 there. The rebuild compares and writes them in that form (app/cases/rebuild.py).
    """
    connection = session.connection()
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if loan_ids is None:
            cursor.execute(_sql(connection.dialect, correlated=False))
            return {row[1]: row for row in cursor.fetchall()}  # [1]: the loan id
        sql = _sql(connection.dialect, correlated=True)
        found: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(loan_ids), 900):
            chunk = ", ".join(str(int(i)) for i in loan_ids[start : start + 900])
            cursor.execute(f'{sql} AND "case".loan_id IN ({chunk})')
            found.update((row[1], row) for row in cursor.fetchall())
        return found
    finally:
        cursor.close()
