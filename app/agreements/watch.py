"""Watching signed agreements like promises: each instalment judged from the loan's payments
after signing (kept / partial / missed), the agreement completed when the agreed amount is paid
or breached when an instalment falls due short (a loan in legal: its breach says the case
goes on in legal, not back in the queue).

The payments recorded since the drafting count (app.agreements.common.counts_toward: the debt
had the earlier ones taken off), cumulatively and oldest instalment first: an instalment is kept
when those dated up to its due date cover it and every earlier one. A completed
agreement with something still owed on the loan settles the loan (the rest is waived), so the
queue rebuild closes the case as SETTLED. Runs in three grouped queries and bulk updates, from
the queue rebuild (and so from every payment posting); only transitions are audited.

A breach is judged again, as a promise is (app/promises.py): a run over some loans (a payment's
posting, a payments import) also takes their breached agreements, and one whose instalments the
payments as of their dates all kept after all (a late bank statement, dated on or before the due
day) is active again, or completed when the agreed amount is paid: "agreement.rejudged" in the
audit trail, and the rebuild that follows sets its case's status and queue place. Not when the
case has moved on: another agreement drafted on it since, the case closed otherwise than by the
rebuild after the breach, or the loan settled otherwise or written off; nor in a run over the
whole book. A case the rebuild closed as cured or paid off on the breach's day or later is
judged again, but only to completion: an agreement in force again on a closed case would have
no queue to watch it, so there a breach stands until the agreed amount is paid by its dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from app import audit
from app.agreements.common import counts_toward
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Case,
    CaseStatus,
    CloseReason,
    Instalment,
    Loan,
    LoanStatus,
    Payment,
)

_CHUNK = 900
WATCHED = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
# A breach is judged again on a loan still owed, or paid off by the payments that count.
REJUDGED_ON = (LoanStatus.ACTIVE, LoanStatus.LEGAL, LoanStatus.PAID)
# How the rebuild closes a case by itself whose breach may still be judged again (the module).
CLOSED_AFTER = (CloseReason.CURED, CloseReason.PAID)
SHORT = ("missed", "partial")  # an instalment that fell due and was not paid in full


@dataclass
class AgreementSummary:
    as_of: dt.date
    watched: int
    completed: int
    breached: int


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _chunked(session: Session, query: Any, column: Any, ids: list[int] | None) -> list[Any]:
    if ids is None:
        return list(session.execute(query))
    rows: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        rows += session.execute(query.where(column.in_(ids[start : start + _CHUNK])))
    return rows


def judge_instalment(amount: int, before: int, paid_by_due: int) -> tuple[str, int]:
    """(status, paid) of an instalment past its due date: `before` is what the earlier ones
    need, `paid_by_due` what the payments that count paid up to its due date."""
    paid = max(0, min(paid_by_due - before, amount))
    if paid >= amount:
        return "kept", paid
    return ("partial" if paid > 0 else "missed"), paid


def _still_short(plan: list[Any], as_of: dt.date, paid_by: Any) -> bool:
    """Whether an instalment due before `as_of` was short by its due date (a breach stands)."""
    before = 0
    for inst in plan:
        due = _date(inst.due_on)
        if due < as_of and judge_instalment(inst.amount, before, paid_by(due))[0] != "kept":
            return True
        before += inst.amount
    return False


def _completed(
    session: Session, head: Any, paid_now: int, credit: int, on: dt.date
) -> dict[str, Any]:
    """The "agreement.completed" entry's changes (QA s47 #4): what the payments that count paid
    toward the agreement (not beyond its agreed amount), what they left as the loan's credit, and
    the waiver actually written off when the loan settles (what it still owed on its schedule),
    or 0 where a waiver was planned and the payments cleared the loan themselves."""
    changes: dict[str, Any] = {
        "case": head.case_no,
        "paid": min(paid_now, int(head.settled_amount)),
        "on": on.isoformat(),
    }
    if credit:
        changes["credit"] = credit
    settles = LoanStatus(head.loan_status) in (LoanStatus.ACTIVE, LoanStatus.LEGAL)
    owed = owed_on_schedule(session, head.loan_id) if settles else 0
    if owed or head.waiver_amount:
        changes["waived"] = owed
    return changes


def owed_on_schedule(session: Session, loan_id: int) -> int:
    """What the loan still owes on its schedule (written off as it settles)."""
    i = Instalment
    due = i.principal_due + i.interest_due + i.fee_due
    paid = i.principal_paid + i.interest_paid + i.fee_paid
    owed = session.scalar(select(func.sum(due - paid)).where(i.loan_id == loan_id))
    return int(owed or 0)


def evaluate_agreements(
    session: Session, as_of: dt.date, loan_ids: Iterable[int] | None = None
) -> AgreementSummary:
    """Judge the signed and active agreements' instalments from payments up to `as_of`."""
    a, c, ai, pay = Agreement, Case, AgreementInstalment, Payment
    scope = None if loan_ids is None else list(loan_ids)
    # Per agreement, in SQL: what its instalments record as paid, how many pending ones are
    # already due, and what the payments that count paid. An agreement whose record matches the
    # payments and has nothing newly due is unchanged: only the others are worked out row by
    # row (on an ordinary day, those whose loan just took a payment).
    recorded = (
        select(func.coalesce(func.sum(ai.paid_amount), 0))
        .where(ai.agreement_id == a.id)
        .scalar_subquery()
    )
    late = (
        select(func.count())
        .where(ai.agreement_id == a.id, ai.status == "pending", ai.due_on < as_of)
        .scalar_subquery()
    )
    paid_total = (
        select(func.coalesce(func.sum(pay.amount), 0))
        .where(pay.loan_id == c.loan_id, counts_toward(pay, a), pay.paid_on <= as_of)
        .scalar_subquery()
    )
    later = aliased(Agreement)
    watched_now = and_(a.status.in_(WATCHED), a.signed_on.is_not(None))
    if scope is not None:  # a breach judged again (the module says when)
        moved_on = select(later.id).where(later.case_id == a.case_id, later.id > a.id).exists()
        short_on = (
            select(func.min(ai.due_on))
            .where(ai.agreement_id == a.id, ai.status.in_(SHORT))
            .scalar_subquery()
        )
        watched_now = or_(
            watched_now,
            and_(
                a.status == AgreementStatus.BREACHED,
                a.signed_on.is_not(None),
                or_(
                    c.status != CaseStatus.CLOSED,
                    # closed by the rebuild on the breach's day (the day after short_on) or later
                    and_(c.close_reason.in_(CLOSED_AFTER), c.closed_on > short_on),
                ),
                Loan.status.in_(REJUDGED_ON),
                ~moved_on,
            ),
        )
    heads = _chunked(
        session,
        select(
            a.id,
            a.agreement_no,
            a.status,
            a.settled_amount,
            a.waiver_amount,
            a.signed_on,
            c.loan_id,
            c.case_no,
            (c.status == CaseStatus.CLOSED).label("case_closed"),
            Loan.status.label("loan_status"),
            recorded.label("recorded"),
            late.label("late"),
            paid_total.label("paid_total"),
        )
        .join(c, c.id == a.case_id)
        .join(Loan, Loan.id == c.loan_id)
        # Signed after `as_of` too (a queue date a supervisor set in the past): payments still
        # count only up to `as_of`, and no instalment of a plan drafted since falls due before it.
        .where(watched_now),
        c.loan_id,
        scope,
    )
    watched = sum(AgreementStatus(h.status) in WATCHED for h in heads)
    heads = [
        h
        for h in heads
        if AgreementStatus(h.status) is AgreementStatus.SIGNED
        or (h.late and AgreementStatus(h.status) is not AgreementStatus.BREACHED)
        or int(h.paid_total) != int(h.recorded)
    ]
    if not heads:
        return AgreementSummary(as_of, watched, 0, 0)
    ids = [h.id for h in heads]
    plans: dict[int, list[Any]] = defaultdict(list)
    for row in _chunked(
        session,
        select(
            ai.agreement_id, ai.id, ai.seq, ai.due_on, ai.amount, ai.paid_amount, ai.status
        ).order_by(ai.agreement_id, ai.seq),
        ai.agreement_id,
        ids,
    ):
        plans[row.agreement_id].append(row)
    paid: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    credit: dict[int, int] = defaultdict(int)  # what those payments left as the loan's credit
    for aid, on, amount, kept in _chunked(
        session,
        select(a.id, pay.paid_on, pay.amount, pay.credit_amount)
        .join(c, c.id == a.case_id)
        .join(pay, and_(pay.loan_id == c.loan_id, counts_toward(pay, a)))
        .where(pay.paid_on <= as_of)
        .order_by(a.id, pay.paid_on),
        a.id,
        ids,
    ):
        paid[aid].append((_date(on), int(amount)))
        credit[aid] += int(kept or 0)

    rows_out: list[dict[str, Any]] = []
    heads_out: list[dict[str, Any]] = []
    settle: list[dict[str, Any]] = []
    transitions: list[tuple[str, str, dict[str, Any]]] = []
    completed = breached = 0
    for head in heads:
        days = [d for d, _ in paid[head.id]]
        running: list[int] = []
        total = 0
        for _, amount in paid[head.id]:
            total += amount
            running.append(total)

        def paid_by(day: dt.date, days: list[dt.date] = days, running: list[int] = running) -> int:
            k = bisect.bisect_right(days, day)
            return running[k - 1] if k else 0

        paid_now = running[-1] if running else 0
        was = AgreementStatus(head.status)
        if was is AgreementStatus.BREACHED and _still_short(plans[head.id], as_of, paid_by):
            continue  # the breach stands: nothing written
        done = paid_now >= head.settled_amount
        if was is AgreementStatus.BREACHED and head.case_closed and not done:
            continue  # on a closed case, judged again only to completion (the module says why)
        told = len(transitions)  # a breach judged again is told before its completion
        before = 0
        short: list[int] = []
        for inst in plans[head.id]:
            due = _date(inst.due_on)
            if done:
                status, got = "kept", inst.amount
            elif due < as_of:
                status, got = judge_instalment(inst.amount, before, paid_by(due))
                if status != "kept":
                    short.append(inst.seq)
            else:
                status, got = "pending", max(0, min(paid_now - before, inst.amount))
            before += inst.amount
            if (status, got) != (inst.status, inst.paid_amount):
                rows_out.append({"b_id": inst.id, "status": status, "paid": got})
        new = AgreementStatus.ACTIVE
        if done:
            new = AgreementStatus.COMPLETED
            completed += 1
            # Never before the signing: a payment dated earlier (posted after the drafting)
            # counts, but the agreement ends on the day it was signed at the soonest.
            reached = days[bisect.bisect_left(running, head.settled_amount)]
            finished_on = max(reached, _date(head.signed_on))
            settle.append({"b_id": head.loan_id, "on": finished_on})
            transitions.append(
                (
                    "agreement.completed",
                    head.agreement_no,
                    _completed(session, head, paid_now, credit[head.id], finished_on),
                )
            )
        elif short:
            new = AgreementStatus.BREACHED
            breached += 1
            changes = {"case": head.case_no, "instalments": short, "paid": paid_now}
            if LoanStatus(head.loan_status) is LoanStatus.LEGAL:
                changes["back_to_legal"] = True  # the case goes on in legal, not in the queue
            transitions.append(("agreement.breached", head.agreement_no, changes))
        if new != was:
            heads_out.append({"b_id": head.id, "status": new})
        if was is AgreementStatus.BREACHED:
            again = {"case": head.case_no, "was": was.value, "status": new.value, "paid": paid_now}
            transitions.insert(told, ("agreement.rejudged", head.agreement_no, again))

    inst_table = cast(Table, AgreementInstalment.__table__)
    if rows_out:
        session.execute(
            update(inst_table)
            .where(inst_table.c.id == bindparam("b_id"))
            .values(status=bindparam("status"), paid_amount=bindparam("paid")),
            rows_out,
        )
    if heads_out:
        table = cast(Table, Agreement.__table__)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(status=bindparam("status"), version=table.c.version + 1),
            heads_out,
        )
    if settle:
        # The agreed amount is paid: whatever the schedule still shows is waived.
        loans = cast(Table, Loan.__table__)
        session.execute(
            update(loans)
            .where(
                loans.c.id == bindparam("b_id"),
                loans.c.status.in_([LoanStatus.ACTIVE, LoanStatus.LEGAL]),  # legal: still owed
            )
            .values(status=LoanStatus.SETTLED, closed_on=bindparam("on")),
            settle,
        )
    audit.record_many(
        session,
        (
            (None, action, "agreement", number, changes, None)
            for action, number, changes in transitions
        ),
    )
    if rows_out or heads_out or settle:
        # The bulk updates bypass the identity map: let loaded objects reload their rows.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Agreement | AgreementInstalment | Loan):
                session.expire(obj)
    return AgreementSummary(as_of, watched, completed, breached)
