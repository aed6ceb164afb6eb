"""Closed cases past their records retention (app/retention.py), for a demo office without one
whose borrower may be erased: the admin's retention listing and the personal-data erasure it
leads to have something to show whatever the build day, without a loan more. (A case past its
retention whose borrower has another loan still active, as the demo's history left on some build
days, is listed but cannot be erased.)

The demo's history reaches about as far back as the rule's period, so its oldest closed cases may
all be still kept. One paid-off loan's whole history — the loan, its schedule, payments and their
allocations, its cases (each case number's year following its opening, as the demo numbers
them), their contacts, blocked tries and promises — is moved back whole years, as if the office
had collected it that much earlier: every interval within it stays as it was, so its balances,
lateness and promise judgements are unchanged. Only a loan nothing else names is moved: none of
its cases has a visit, an agreement or a complaint or an entry in the audit trail, its borrower
has no other loan and confirmed no number (the borrower's record is moved with it), and each of
its calls, moved back, is still by an agent fit for phone work that day — or, on a build day
with no such loan, the first whose calls one agent fit on each of their days takes over (the
cases, calls, tries and the promises agents took become theirs). Deterministic."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.models import (
    Agreement,
    AuditEntry,
    BlockedAttempt,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ContactAttempt,
    FlaggedBooking,
    Instalment,
    Loan,
    LoanReinstatement,
    Payment,
    PaymentAllocation,
    Phone,
    Promise,
    Role,
    User,
    Visit,
)
from app.models.base import Base, UTCDateTime
from app.office import office_zone
from app.retention import (
    RetentionRule,
    add_years,
    case_retention,
    past_retention,
    retention_rule,
)
from app.training import WorkKind, untrained_for
from app.visits.common import utc

OLDEST = 60  # the oldest closed cases a loan is picked among


def record_old_records(session: Session, rng: random.Random, as_of: dt.date) -> None:
    """One closed case past its retention, when the office has none whose borrower may be erased
    (see the docstring)."""
    session.flush()
    rule = retention_rule(session)
    if rule is None or _erasable_past(session, rule, as_of):
        return
    loans = _movable(session)
    rng.shuffle(loans)
    moves: list[tuple[int, Sequence[int], int, list[tuple[int, dt.date]]]] = []
    for loan_id in loans:
        case_ids = session.scalars(select(Case.id).where(Case.loan_id == loan_id)).all()
        kept = case_retention(session, case_ids, rule)
        last = max(r.last_activity for r in kept.values())
        years = 1
        while add_years(add_years(last, -years), rule.years) >= as_of:
            years += 1
        calls = _moved_calls(session, case_ids, years)
        if _callers_fit(session, calls):
            _move_back(session, loan_id, years)
            return
        moves.append((loan_id, case_ids, years, calls))
    # On some build days none of the loans' own agents was trained that many years earlier: the
    # first loan whose calls one agent, fit for phone work on each of their days, could have made
    # is given to that agent (the office's longest-serving agents were trained long before).
    for loan_id, case_ids, years, calls in moves:
        agent = _agent_fit_for(session, calls)
        if agent is not None:
            _give_to(session, case_ids, agent)
            _move_back(session, loan_id, years)
            return


def _erasable_past(session: Session, rule: RetentionRule, as_of: dt.date) -> bool:
    """Whether a case past its retention on `as_of` has a borrower whose data may be erased."""
    from app.erasure import erasure_refusal

    for past in past_retention(session, as_of).cases:
        borrower = session.scalar(
            select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id)
        )
        if borrower is not None and erasure_refusal(session, borrower, rule, as_of) is None:
            return True
    return False


def _moved_calls(
    session: Session, case_ids: Sequence[int], years: int
) -> list[tuple[int, dt.date]]:
    """Each call and try on the cases: its agent and its office day, `years` earlier."""
    zone = office_zone(session)
    rows = session.execute(
        select(ContactAttempt.agent_id, ContactAttempt.at).where(
            ContactAttempt.case_id.in_(case_ids)
        )
    ).all()
    return [(agent, _earlier(utc(at), years).astimezone(zone).date()) for agent, at in rows]


def _fit(session: Session, agent: int, day: dt.date) -> bool:
    """Whether `agent` was fit for phone work on `day` (the rule contact_training, as the demo's
    calls are made)."""
    return untrained_for(session, agent, WorkKind.PHONE, day) is None


def _callers_fit(session: Session, calls: list[tuple[int, dt.date]]) -> bool:
    """Whether each of the moved calls is still by an agent then fit for phone work."""
    return all(_fit(session, agent, day) for agent, day in calls)


def _agent_fit_for(session: Session, calls: list[tuple[int, dt.date]]) -> int | None:
    """The first agent (by id) fit for phone work on every day of the moved calls, else None."""
    days = {day for _, day in calls}
    agents = session.scalars(
        select(User.id).where(User.role == Role.AGENT, User.active.is_(True)).order_by(User.id)
    )
    return next((a for a in agents if all(_fit(session, a, day) for day in days)), None)


def _give_to(session: Session, case_ids: Sequence[int], agent: int) -> None:
    """The cases, their calls, blocked tries and the promises their agents took, all `agent`'s."""
    session.execute(
        sa.update(ContactAttempt).where(ContactAttempt.case_id.in_(case_ids)).values(agent_id=agent)
    )
    session.execute(
        sa.update(BlockedAttempt).where(BlockedAttempt.case_id.in_(case_ids)).values(agent_id=agent)
    )
    agents = select(User.id).where(User.role == Role.AGENT)
    session.execute(
        sa.update(Promise)
        .where(Promise.case_id.in_(case_ids), Promise.created_by_id.in_(agents))
        .values(created_by_id=agent)
    )
    session.execute(
        sa.update(Case)
        .where(Case.id.in_(case_ids), Case.assigned_agent_id.is_not(None))
        .values(assigned_agent_id=agent)
    )


def _movable(session: Session) -> list[int]:
    """The loans among those of the oldest closed cases that nothing else names."""
    others = sa.orm.aliased(Case)
    named = (
        exists().where(Visit.case_id == others.id),
        exists().where(Agreement.case_id == others.id),
        exists().where(Complaint.case_id == others.id),
        exists().where(FlaggedBooking.case_id == others.id),
        exists().where(AuditEntry.entity == "case", AuditEntry.entity_id == others.case_no),
        others.status != CaseStatus.CLOSED,
    )
    theirs = sa.orm.aliased(Loan)
    borrower_loans = select(func.count()).where(theirs.borrower_id == Borrower.id).scalar_subquery()
    rows = session.execute(
        select(Case.loan_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(
            Case.status == CaseStatus.CLOSED,
            Loan.closed_on.is_not(None),
            ~exists().where(LoanReinstatement.loan_id == Loan.id),
            ~exists().where(others.loan_id == Case.loan_id, sa.or_(*named)),
            borrower_loans == 1,
            # A number confirmed: the confirmation's entry names the borrower (number_trail).
            ~exists().where(Phone.borrower_id == Borrower.id, Phone.confirmed_at.is_not(None)),
        )
        .order_by(Case.closed_on, Case.id)
        .limit(OLDEST)
    ).all()
    return sorted({loan_id for (loan_id,) in rows})


def _earlier(value: Any, years: int) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        day = add_years(value.date(), -years)
        return value.replace(year=day.year, month=day.month, day=day.day)
    return add_years(value, -years)


def _shift(row: Base, years: int) -> None:
    """Every date and time of `row`, `years` earlier."""
    for column in row.__table__.columns:
        if isinstance(column.type, (sa.Date, sa.DateTime, UTCDateTime)):
            key = column.key
            setattr(row, key, _earlier(getattr(row, key), years))


def _move_back(session: Session, loan_id: int, years: int) -> None:
    loan = session.get(Loan, loan_id)
    assert loan is not None
    cases = session.scalars(select(Case).where(Case.loan_id == loan_id)).all()
    case_ids = [c.id for c in cases]
    payment_ids = select(Payment.id).where(Payment.loan_id == loan_id)
    rows: list[Base] = [loan, *cases]
    borrower = session.get(Borrower, loan.borrower_id)
    if borrower is not None:
        rows.append(borrower)
    for model, where in (
        (Instalment, Instalment.loan_id == loan_id),
        (Payment, Payment.loan_id == loan_id),
        (PaymentAllocation, PaymentAllocation.payment_id.in_(payment_ids)),
        (ContactAttempt, ContactAttempt.case_id.in_(case_ids)),
        (BlockedAttempt, BlockedAttempt.case_id.in_(case_ids)),
        (Promise, Promise.case_id.in_(case_ids)),
    ):
        rows += session.scalars(select(model).where(where)).all()
    birth = borrower.birth_date if borrower is not None else None
    for row in rows:
        _shift(row, years)
    if borrower is not None:
        borrower.birth_date = birth  # a person's birthday does not move
    for case in cases:  # the demo's case numbers carry the year the case opened
        n = case.case_no.split("-", 1)[1]
        case.case_no = f"C{case.opened_on.year}-{n}"
    session.flush()
