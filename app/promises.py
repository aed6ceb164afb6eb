"""Promises to pay: recorded on a case, then judged from the loan's payments (kept / partial /
broken) in one set-based query and one bulk update, the same way the queue rebuild works.

A promise's window is the payments on its case's loan dated from the day it was made (the
office-local day, `made_on`, of the conversation it was made in: its contact attempt's time, or
its visit's check-out; only a promise with neither falls back to when it was entered) through its
due date: a promise logged days after the call stands at the call. A payment counts once, however
many promises it falls in: the loan's promises take payments in order of due date (then of
making), each taking from its own window the earliest payments not yet taken, up to its amount;
what is left of a payment goes to the next promise. A pending promise due before the as-of date
is then judged from what it took (kept / partial / broken); a judged one is final, and it keeps
taking the amount it was judged to have been paid, so a payment that kept one promise never
keeps a later one too. (Earliest due first, earliest payment first, is the assignment that
credits the most in all.)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
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


def _judge(amount: int, paid: int) -> PromiseStatus:
    if paid >= amount:
        return PromiseStatus.KEPT
    return PromiseStatus.PARTIAL if paid > 0 else PromiseStatus.BROKEN


def _as_date(value: Any) -> dt.date:
    """A date as the query gives it back (text for an expression on SQLite)."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def made_on(created_at: dt.datetime | str, zone: zoneinfo.ZoneInfo) -> dt.date:
    """The office-local day a promise was made, on which its window opens, from its creation
    time: stored in UTC, given back aware, naive or (by a raw query on SQLite) as text."""
    moment = dt.datetime.fromisoformat(created_at) if isinstance(created_at, str) else created_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


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
class _Claim:
    promise_id: int
    amount: int  # what the promise wants: its amount, or for a judged one what it was paid
    since: dt.date
    due: dt.date
    pending: bool
    old_paid: int
    got: int = 0


def _share(claims: list[_Claim], payments: list[tuple[dt.date, int]], as_of: dt.date) -> None:
    """Share one loan's payments (date, amount) among its promises: see the module's rule."""
    ordered = sorted(payments, key=lambda pay: pay[0])
    days = [day for day, _ in ordered]
    left = [amount for _, amount in ordered]  # what each payment has not yet given
    for claim in sorted(claims, key=lambda c: (c.due, c.promise_id)):
        until = min(claim.due, as_of)
        for n, day in enumerate(days):
            if claim.got >= claim.amount or day > until:
                break
            if day < claim.since or left[n] == 0:
                continue
            take = min(left[n], claim.amount - claim.got)
            left[n] -= take
            claim.got += take


@dataclass(frozen=True)
class Judged:
    """What judging gives a promise: its status, what it was paid, the day it was judged."""

    status: PromiseStatus
    paid: int
    evaluated_on: dt.date | None  # None while pending


def judge_new(
    promises: Iterable[tuple[int, int, dt.date, dt.date]],
    payments: Iterable[tuple[dt.date, int]],
    as_of: dt.date,
) -> dict[int, Judged]:
    """One loan's promises (id, amount, day made (`made_on`), due date), none judged yet, as
    `evaluate_promises` run every day up to `as_of` leaves them, by the module's rule: each is
    judged the day after its due date. One run gives the same as the daily ones: a promise
    judged earlier took the same payments then as now, since none made later falls due before
    it. For what builds a history in one go (the demo office)."""
    claims = [_Claim(pid, amount, made, due, True, 0) for pid, amount, made, due in promises]
    _share(claims, list(payments), as_of)
    return {
        c.promise_id: Judged(_judge(c.amount, c.got), c.got, c.due + dt.timedelta(days=1))
        if c.due < as_of
        else Judged(PromiseStatus.PENDING, c.got, None)
        for c in claims
    }


def _query(as_of: dt.date, chunk: list[int] | None) -> Select[*tuple[Any, ...]]:
    """Each promise sharing a loan with a pending one, once per payment in its window (or once)."""
    p, c, pay, talk, visit = Promise, Case, Payment, ContactAttempt, Visit
    # When the promise was made: in its call (or SMS, letter), else at its visit's check-out;
    # the entry time only for a promise with neither. All three are stored as UTC timestamps.
    made_at = func.coalesce(talk.at, visit.checked_out_at, p.created_at)
    pending = select(c.loan_id).join(p, p.case_id == c.id).where(p.status == PromiseStatus.PENDING)
    if chunk is not None:
        pending = pending.where(c.loan_id.in_(chunk))
    loans = pending.group_by(c.loan_id).cte("promised_loans")
    return (
        select(
            p.id,
            c.loan_id,
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
        # A judged promise paid nothing takes nothing: only pending ones and paid ones take part.
        .where(or_(p.status == PromiseStatus.PENDING, p.paid_amount > 0))
    )


def _claims(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> list[_Claim]:
    """Every pending promise (and the judged ones beside it) with what it took as of `as_of`."""
    chunks: list[list[int] | None]
    if loan_ids is None:
        chunks = [None]
    else:
        scope = list(loan_ids)
        chunks = [scope[start : start + _CHUNK] for start in range(0, len(scope), _CHUNK)]
    from app.queries.visits import office_zone  # app.queries imports the cases' core

    zone = office_zone(session)
    by_loan: dict[int, dict[int, _Claim]] = defaultdict(dict)
    paid: dict[int, dict[int, tuple[dt.date, int]]] = defaultdict(dict)
    for chunk in chunks:
        for row in session.execute(_query(as_of, chunk)):
            pid, loan_id, amount, due, made, status, old_paid, pay_id, day, pay_amount = row
            claims = by_loan[loan_id]
            if pid not in claims:
                pending = status == PromiseStatus.PENDING
                wants = amount if pending else min(amount, old_paid)
                since = made_on(made, zone)
                claims[pid] = _Claim(pid, wants, since, _as_date(due), pending, old_paid)
            if pay_id is not None:
                paid[loan_id][pay_id] = (_as_date(day), pay_amount)
    result: list[_Claim] = []
    for loan_id, claims in by_loan.items():
        payments = paid.get(loan_id, {})
        _share(list(claims.values()), [payments[key] for key in sorted(payments)], as_of)
        result += (claim for claim in claims.values() if claim.pending)
    return result


def evaluate_promises(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> PromiseSummary:
    """Judge every pending promise due before `as_of` from payments; note progress on the rest."""
    counts = dict.fromkeys(PromiseStatus, 0)
    judged: list[dict[str, object]] = []
    progress: list[dict[str, object]] = []
    for claim in _claims(session, as_of, loan_ids):
        if claim.due < as_of:
            status = _judge(claim.amount, claim.got)
            judged.append({"b_id": claim.promise_id, "status": status, "paid": claim.got})
        else:
            status = PromiseStatus.PENDING
            if claim.got != claim.old_paid:
                progress.append({"b_id": claim.promise_id, "paid": claim.got})
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
