"""A promise kept in part, for a demo office that has none: a call of the office's past in which
the borrower promised more than the loan's payments then brought in, recorded through
`log_contact` (its contact attempt, promise and audit entries); the queue rebuild that ends the
build judges it from the loan's payments (app/promises.py), as the office's daily run would.

No payment is made up: the case is one whose loan was paid a part within the window of days the
promise covers, and on none of whose cases a promise falls due in that window."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.cases.delinquency import loan_position
from app.contacts import check_contact, log_contact
from app.demo.context import local_to_utc
from app.models import (
    Agreement,
    Case,
    CaseStatus,
    Complaint,
    Payment,
    Promise,
    PromiseStatus,
    User,
    VerdictKind,
)
from app.models.base import acting_at
from app.training import WorkKind, untrained_for

CALLED = (CaseStatus.CONTACTED, CaseStatus.PROMISE_BROKEN)
BEFORE, AFTER = 3, 2  # the call is BEFORE days before the payment, the promise due AFTER after
ROUND = 10_000  # promises in whole hundreds of yuan (minor units)


def record_partial_promise(
    session: Session, rng: random.Random, as_of: dt.date, taken: set[int]
) -> None:
    """A promise judged partial, when the office has none (see the module's docstring)."""
    if session.scalar(select(exists().where(Promise.status == PromiseStatus.PARTIAL))):
        return
    first, last = as_of - dt.timedelta(days=45), as_of - dt.timedelta(days=AFTER + 3)
    rows = session.execute(
        select(Case.id, Case.case_no, Case.loan_id, Case.opened_on, Payment.paid_on)
        .join(Payment, Payment.loan_id == Case.loan_id)
        .where(
            Case.status.in_(CALLED),
            Payment.paid_on.between(first, last),
            ~exists().where(Complaint.case_id == Case.id),
            ~exists().where(Agreement.case_id == Case.id),
        )
        .order_by(Case.id, Payment.paid_on)
    ).all()
    candidates = [
        r for r in rows if r.id not in taken and r.opened_on <= r.paid_on - dt.timedelta(BEFORE)
    ]
    rng.shuffle(candidates)
    for row in candidates[:40]:
        made = row.paid_on - dt.timedelta(days=BEFORE)
        due = row.paid_on + dt.timedelta(days=AFTER)
        if _promised_then(session, row.loan_id, made):
            continue
        paid = sum(
            session.scalars(
                select(Payment.amount - Payment.credit_amount).where(
                    Payment.loan_id == row.loan_id, Payment.paid_on.between(made, due)
                )
            )
        )
        owed = loan_position(session, row.loan_id, made).outstanding
        amount = min((paid * 2 // ROUND + 1) * ROUND, owed)
        if paid <= 0 or amount <= paid:
            continue
        caller = _caller(session, row.case_no, made)
        if caller is None:
            continue
        at = local_to_utc(made, 10 * 60 + 20)
        fields = {
            "channel": "call",
            "party": "borrower",
            "at": at,
            "outcome": "connected",
        }
        with acting_at(at):
            if check_contact(session, caller, row.case_no, **fields).kind not in (
                VerdictKind.ALLOWED,
                VerdictKind.WARNING,
            ):
                continue
            log_contact(
                session, caller, row.case_no, notes="借款人称本周先还一部分，余款月底前凑齐",
                promise=(amount, due), **fields,  # type: ignore[arg-type]
            )  # fmt: skip
        taken.add(row.id)
        return


def _promised_then(session: Session, loan_id: int, made: dt.date) -> bool:
    """Whether a promise on the loan falls due on or after `made` (it would share the payments)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    Promise.case_id == Case.id, Case.loan_id == loan_id, Promise.due_on >= made
                )
            )
        )
    )


def _caller(session: Session, case_no: str, day: dt.date) -> User | None:
    """The case's agent when fit for phone work that day (the rule contact_training), else None."""
    agent_id = session.scalar(select(Case.assigned_agent_id).where(Case.case_no == case_no))
    if agent_id is None or untrained_for(session, agent_id, WorkKind.PHONE, day) is not None:
        return None
    return session.get(User, agent_id)
