"""Promises to pay: recorded on a case, then judged from the loan's payments (kept / partial /
broken) in one grouped query and one bulk update, the same way the queue rebuild works.

A promise counts the payments on its case's loan dated from the day it was made (its UTC
creation date) through its due date. Only pending promises are judged; a judged one is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.cases.delinquency import loan_position
from app.errors import ValidationError
from app.models import (
    Case,
    CaseStatus,
    ContactAttempt,
    Payment,
    Promise,
    PromiseStatus,
    User,
    Visit,
)
from app.money import fmt, within_limit

# How far ahead a promise may fall due (days after the day it is made).
MAX_PROMISE_DAYS = 90
_CHUNK = 900  # SQLite's bound-parameter limit, with room to spare


@dataclass
class PromiseSummary:
    as_of: dt.date
    pending: int  # still pending after the run (not yet due)
    kept: int  # judged in this run
    partial: int
    broken: int

    @property
    def judged(self) -> int:
        return self.kept + self.partial + self.broken


def create_promise(
    session: Session,
    actor: User,
    case: Case,
    amount: int,
    due_on: dt.date,
    *,
    contact_attempt_id: int | None = None,
    visit_id: int | None = None,
    today: dt.date | None = None,
) -> Promise:
    """Record a borrower's promise to pay `amount` (minor units) on or before `due_on`."""
    require(actor, Permission.RECORD_CONTACTS)
    today = today or dt.date.today()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("A promise to pay must be for more than zero.")
    within_limit(amount)
    if due_on < today:
        raise ValidationError("A promise cannot fall due in the past: {date}.", date=due_on)
    latest = today + dt.timedelta(days=MAX_PROMISE_DAYS)
    if due_on > latest:
        raise ValidationError(
            "A promise can fall due at most {days} days ahead (by {date}).",
            days=MAX_PROMISE_DAYS,
            date=latest,
        )
    if case.status is CaseStatus.CLOSED:
        raise ValidationError(
            "Case {case} is closed; no promise can be recorded on it.", case=case.case_no
        )
    owed = loan_position(session, case.loan_id, today).outstanding
    if amount > owed:
        raise ValidationError(
            "A promise of {amount} is more than the loan owes ({owed}).",
            amount=fmt(amount),
            owed=fmt(owed),
        )
    if contact_attempt_id is not None:
        attempt = session.get(ContactAttempt, contact_attempt_id)
        if attempt is None or attempt.case_id != case.id:
            raise ValidationError(
                "That contact attempt does not belong to case {case}.", case=case.case_no
            )
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.case_id != case.id:
            raise ValidationError("That visit does not belong to case {case}.", case=case.case_no)
    promise = Promise(
        case_id=case.id,
        contact_attempt_id=contact_attempt_id,
        visit_id=visit_id,
        amount=amount,
        due_on=due_on,
        status=PromiseStatus.PENDING,
        paid_amount=0,
        created_by_id=actor.id,
    )
    session.add(promise)
    session.flush()
    audit.record(
        session,
        actor,
        "promise.create",
        "case",
        case.case_no,
        {"promise_id": promise.id, "amount": amount, "due_on": due_on.isoformat()},
    )
    return promise


def _judge(amount: int, paid: int) -> PromiseStatus:
    if paid >= amount:
        return PromiseStatus.KEPT
    return PromiseStatus.PARTIAL if paid > 0 else PromiseStatus.BROKEN


def evaluate_promises(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> PromiseSummary:
    """Judge every pending promise due before `as_of` from payments; note progress on the rest."""
    p, c, pay = Promise, Case, Payment
    query = (
        select(p.id, p.amount, p.due_on, p.paid_amount, func.coalesce(func.sum(pay.amount), 0))
        .join(c, c.id == p.case_id)
        .outerjoin(
            pay,
            and_(
                pay.loan_id == c.loan_id,
                pay.paid_on >= func.date(p.created_at),
                pay.paid_on <= p.due_on,
                pay.paid_on <= as_of,  # a look-back run ignores later payments
            ),
        )
        .where(p.status == PromiseStatus.PENDING)
        .group_by(p.id, p.amount, p.due_on, p.paid_amount)
    )
    if loan_ids is None:
        rows = list(session.execute(query))
    else:
        scope = list(loan_ids)
        rows = []
        for start in range(0, len(scope), _CHUNK):
            rows += session.execute(query.where(c.loan_id.in_(scope[start : start + _CHUNK])))

    counts = dict.fromkeys(PromiseStatus, 0)
    judged: list[dict[str, object]] = []
    progress: list[dict[str, object]] = []
    for pid, amount, due, old_paid, paid in rows:
        due = dt.date.fromisoformat(due) if isinstance(due, str) else due
        paid = min(int(paid), amount)
        if due < as_of:
            status = _judge(amount, paid)
            judged.append({"b_id": pid, "status": status, "paid": paid})
        else:
            status = PromiseStatus.PENDING
            if paid != old_paid:
                progress.append({"b_id": pid, "paid": paid})
        counts[status] += 1

    table = cast(Table, Promise.__table__)
    if judged:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(status=bindparam("status"), paid_amount=bindparam("paid"), evaluated_on=as_of),
            judged,
        )
    if progress:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(paid_amount=bindparam("paid")),
            progress,
        )
    if judged or progress:
        # The bulk update bypasses the identity map: let loaded promises reload their row.
        changed = {r["b_id"] for r in judged} | {r["b_id"] for r in progress}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Promise) and obj.id in changed:
                session.expire(obj)
    return PromiseSummary(
        as_of,
        counts[PromiseStatus.PENDING],
        counts[PromiseStatus.KEPT],
        counts[PromiseStatus.PARTIAL],
        counts[PromiseStatus.BROKEN],
    )
