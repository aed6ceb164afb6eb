"""Promises to pay: recorded on a case, then judged from the loan's payments (kept / partial /
broken) in one set-based query and one bulk update, the same way the queue rebuild works.

A promise's window is the payments on its case's loan dated from the day it was made (the
office-local day, `made_on`, of the conversation it was made in: its contact attempt's time, or
its visit's check-out; only a promise with neither falls back to when it was entered) through its
due date: a promise logged days after the call stands at the call. A payment counts once, however
many promises it falls in: the loan's promises take payments in order of due date (then of
making), each taking from its own window the earliest payments not yet taken, up to its amount;
what is left of a payment goes to the next promise (app/promise_rule.py). A pending promise due
before the as-of date is then judged from what it took (kept / partial / broken), so a payment
that kept one promise never keeps a later one too. (Earliest due first, earliest payment first,
is the assignment that credits the most in all.)

The judgement follows the payments dated in the window, whenever they are posted. A run over
some loans (the queue rebuild for a posted payment, a payments import's loans, a contact, a
visit) shares each loan's payments among all its promises again from the start, judged ones
included: a payment posted late, dated inside a window, keeps (or partly keeps) a promise judged
broken, and where it now belongs to an earlier promise, a later one that had been credited with
it gives it up and takes the next payment free in its window, or is judged partial or broken. A
judged promise whose status or amount paid changes keeps the day it was first judged and gets a
system entry "promise.rejudge" on its case in the audit trail (before and after). In a look-back
run a judged promise due on or after the as-of date is left as it is. A run over the whole book
(the daily rebuild) leaves judged promises as they are and only reserves what each was paid:
every posting re-judges its own loan at once. (A judgement left stale by a posting before this
rule follows the rule again at the next work on its loan: a payment, a contact, a visit.)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Date,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

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
from app.promise_rule import Claim, as_date, judge, made_on, share
from app.promise_rule import Judged as Judged  # the demo and migration 0013 import these here
from app.promise_rule import judge_new as judge_new

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
    rejudged: int = 0  # judged before, judged otherwise now

    @property
    def judged(self) -> int:
        return self.kept + self.partial + self.broken


def check_promise(
    session: Session, case: Case, amount: int, due_on: dt.date, today: dt.date
) -> None:
    """Refuse a promise of `amount` (minor units) by `due_on`, made on the office day `today`,
    that could not be recorded on `case`; a contact checks it before its verdict."""
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
    """Record a borrower's promise to pay `amount` (minor units) on or before `due_on`. `today`
    is the office-local day it is made (`made_on`); by default the office's today."""
    require(actor, Permission.RECORD_CONTACTS)
    if today is None:
        from app.office import office_today

        today = office_today(session)
    check_promise(session, case, amount, due_on, today)
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


class _DayBeforeUTCDate(FunctionElement[dt.date]):
    """The day before a stored UTC timestamp's date: no office-local day it falls on is earlier
    (every zone is less than a day behind UTC). The promise query's window opens there in SQL;
    `made_on` then gives the exact day, so the index on payment dates still bounds the join."""

    type = Date()
    inherit_cache = True


@compiles(_DayBeforeUTCDate)
def _day_before_sqlite(element: _DayBeforeUTCDate, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '-1 day')"


@compiles(_DayBeforeUTCDate, "postgresql")
def _day_before_pg(element: _DayBeforeUTCDate, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - 1)"


@dataclass
class _Row:
    """A promise judged again: its case's number and its terms, for the audit."""

    case_no: str
    amount: int
    due: dt.date


def _query(as_of: dt.date, chunk: list[int] | None) -> Select[*tuple[Any, ...]]:
    """Each promise of the loans to run, once per payment in its window (or once): with no
    chunk, the loans with a pending promise; with one, every loan in it with a promise."""
    p, c, pay, talk, visit = Promise, Case, Payment, ContactAttempt, Visit
    # When the promise was made: in its call (or SMS, letter), else at its visit's check-out;
    # the entry time only for a promise with neither. All three are stored as UTC timestamps.
    made_at = func.coalesce(talk.at, visit.checked_out_at, p.created_at)
    promised = select(c.loan_id).join(p, p.case_id == c.id)
    if chunk is None:
        promised = promised.where(p.status == PromiseStatus.PENDING)
    else:
        promised = promised.where(c.loan_id.in_(chunk))
    loans = promised.group_by(c.loan_id).cte("promised_loans")
    query = (
        select(
            p.id,
            c.loan_id,
            c.case_no,
            p.amount,
            p.due_on,
            # As stored (text on SQLite): made_on reads it once per promise, not once per row.
            type_coerce(made_at, Text),
            p.status,
            p.paid_amount,
            pay.id,
            pay.paid_on,
            pay.amount,
        )
        .select_from(loans)
        .join(c, c.loan_id == loans.c.loan_id)
        .join(p, p.case_id == c.id)
        .outerjoin(talk, talk.id == p.contact_attempt_id)
        .outerjoin(visit, visit.id == p.visit_id)
        .outerjoin(
            pay,
            and_(
                pay.loan_id == c.loan_id,
                pay.paid_on >= _DayBeforeUTCDate(made_at),  # made_on narrows it
                pay.paid_on <= p.due_on,
                pay.paid_on <= as_of,  # a look-back run ignores later payments
            ),
        )
    )
    if chunk is None:
        # Over the whole book a judged promise paid nothing takes nothing: only pending ones
        # and paid ones take part.
        query = query.where(or_(p.status == PromiseStatus.PENDING, p.paid_amount > 0))
    return query


def _claims(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> tuple[list[Claim], dict[int, _Row]]:
    """Every promise to write as of `as_of` with what it took: the pending ones, and over some
    loans the judged ones judged again; and each promise's case number and terms."""
    chunks: list[list[int] | None]
    if loan_ids is None:
        chunks = [None]
    else:
        scope = list(loan_ids)
        chunks = [scope[start : start + _CHUNK] for start in range(0, len(scope), _CHUNK)]
    from app.queries.visits import office_zone  # app.queries imports the cases' core

    zone = office_zone(session)
    by_loan: dict[int, dict[int, Claim]] = defaultdict(dict)
    paid: dict[int, dict[int, tuple[dt.date, int]]] = defaultdict(dict)
    rows: dict[int, _Row] = {}
    for chunk in chunks:
        for row in session.execute(_query(as_of, chunk)):
            pid, loan_id, case_no, amount, due, made, status, old_paid, pay_id, day, pay_amount = (
                row
            )
            claims = by_loan[loan_id]
            if pid not in claims:
                due = as_date(due)
                status = PromiseStatus(status)
                # Over some loans every judged promise due before the as-of date is judged again
                # from the start; otherwise a judged one keeps what it was judged to be paid.
                again = chunk is not None and status is not PromiseStatus.PENDING and due < as_of
                wants = (
                    amount if status is PromiseStatus.PENDING or again else min(amount, old_paid)
                )
                since = made_on(made, zone)
                claims[pid] = Claim(pid, wants, since, due, status, old_paid, again)
                if again:
                    rows[pid] = _Row(case_no, amount, due)
            if pay_id is not None:
                paid[loan_id][pay_id] = (as_date(day), pay_amount)
    result: list[Claim] = []
    for loan_id, claims in by_loan.items():
        payments = paid.get(loan_id, {})
        share(list(claims.values()), [payments[key] for key in sorted(payments)], as_of)
        result += (claim for claim in claims.values() if claim.pending or claim.again)
    return result, rows


def evaluate_promises(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> PromiseSummary:
    """Judge every pending promise due before `as_of` from payments; note progress on the rest.
    Over some loans (`loan_ids`), judge their judged promises again too (the module says why)."""
    counts = dict.fromkeys(PromiseStatus, 0)
    judged: list[dict[str, object]] = []
    progress: list[dict[str, object]] = []
    again: list[dict[str, object]] = []
    entries: list[tuple[str, dict[str, Any]]] = []  # case number, what changed
    claims, rows = _claims(session, as_of, loan_ids)
    for claim in claims:
        if claim.again:
            status = judge(claim.amount, claim.got)
            if (status, claim.got) != (claim.status, claim.old_paid):
                again.append({"b_id": claim.promise_id, "status": status, "paid": claim.got})
                entries.append(_rejudged(claim, rows[claim.promise_id], status))
            continue
        if claim.due < as_of:
            status = judge(claim.amount, claim.got)
            judged.append({"b_id": claim.promise_id, "status": status, "paid": claim.got})
        else:
            status = PromiseStatus.PENDING
            if claim.got != claim.old_paid:
                progress.append({"b_id": claim.promise_id, "paid": claim.got})
        counts[status] += 1

    table = cast(Table, Promise.__table__)
    by_id = table.c.id == bindparam("b_id")
    if judged:
        session.execute(
            update(table)
            .where(by_id)
            .values(status=bindparam("status"), paid_amount=bindparam("paid"), evaluated_on=as_of),
            judged,
        )
    if again:  # each keeps the day it was first judged
        session.execute(
            update(table)
            .where(by_id)
            .values(status=bindparam("status"), paid_amount=bindparam("paid")),
            again,
        )
    if progress:
        session.execute(update(table).where(by_id).values(paid_amount=bindparam("paid")), progress)
    if entries:
        audit.record_many(
            session,
            ((None, "promise.rejudge", "case", case_no, what, None) for case_no, what in entries),
        )
    if judged or progress or again:
        # The bulk update bypasses the identity map: let loaded promises reload their row.
        changed = {r["b_id"] for batch in (judged, progress, again) for r in batch}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Promise) and obj.id in changed:
                session.expire(obj)
    return PromiseSummary(
        as_of,
        counts[PromiseStatus.PENDING],
        counts[PromiseStatus.KEPT],
        counts[PromiseStatus.PARTIAL],
        counts[PromiseStatus.BROKEN],
        len(again),
    )


def _rejudged(claim: Claim, row: _Row, status: PromiseStatus) -> tuple[str, dict[str, Any]]:
    """A judged promise judged again: its case, and what changed, as migration 0013 words it."""
    changes: dict[str, Any] = {
        "promise_id": claim.promise_id,
        "due_on": row.due.isoformat(),
        "amount": row.amount,
        "old": {"status": claim.status.value, "paid": claim.old_paid},
        "new": {"status": status.value, "paid": claim.got},
    }
    return row.case_no, changes
