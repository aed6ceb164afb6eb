"""The queue rebuild: open cases for newly overdue loans, close cured or finished ones, and
refresh every open case's DPD, bucket, amount overdue, status, next action and priority.

A rebuild as of today (or later) also opens and closes cases; a look-back rebuild (a supervisor
setting the as-of date in the past) only recomputes the figures, never rewrites history.
Re-opening a cured loan creates a new case; the closed one stays as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, require
from app.cases.delinquency import Position, overdue_positions
from app.cases.facts import OpenCaseFacts, gather
from app.cases.priority import CaseFacts, score
from app.models import Borrower, Case, CaseStatus, CloseReason, Loan, LoanStatus, User
from app.numbering import reserve
from app.promises import evaluate_promises

Progress = Callable[[str, int, int], None]
_CLOSE_FOR = {
    LoanStatus.PAID: CloseReason.PAID,
    LoanStatus.SETTLED: CloseReason.SETTLED,
    LoanStatus.WRITTEN_OFF: CloseReason.WRITTEN_OFF,
}


@dataclass
class RebuildSummary:
    as_of: dt.date
    loans: int
    opened: int
    closed: int
    open_cases: int
    seconds: float


def case_number(year: int, n: int) -> str:
    return f"C{year}-{n:06d}"


def _derive_status(
    current: CaseStatus, loan_status: LoanStatus, cid: int, f: OpenCaseFacts, paused: bool
) -> CaseStatus:
    if loan_status is LoanStatus.LEGAL or current is CaseStatus.LEGAL:
        return CaseStatus.LEGAL
    if paused:
        return CaseStatus.PAUSED
    if cid in f.next_agreement_due:
        return CaseStatus.AGREEMENT
    if cid in f.next_visit_at:
        return CaseStatus.VISIT_BOOKED
    if cid in f.next_promise_due:
        return CaseStatus.PROMISE
    if f.last_promise_status.get(cid) == "broken":
        return CaseStatus.PROMISE_BROKEN
    if cid in f.last_contact_at:
        return CaseStatus.CONTACTED
    return CaseStatus.NEW


def _next_action(status: CaseStatus, cid: int, f: OpenCaseFacts, as_of: dt.date) -> dt.date | None:
    if status is CaseStatus.LEGAL:
        return None
    if status is CaseStatus.PAUSED:
        return f.complaint_deadline[cid]
    if status is CaseStatus.AGREEMENT:
        return f.next_agreement_due[cid]
    if status is CaseStatus.VISIT_BOOKED:
        return f.next_visit_at[cid].date()
    if status is CaseStatus.PROMISE:
        return f.next_promise_due[cid] + dt.timedelta(days=1)
    if status is CaseStatus.CONTACTED:
        return max(as_of, f.last_contact_at[cid].date() + dt.timedelta(days=3))
    return as_of


def _loan_flags(session: Session, with_case: set[int], without_case: set[int]) -> dict[int, Any]:
    """Status and visit flags of the loans that need case work: those with an open case (one
    join when there are many) and newly overdue ones (by id; a handful on an ordinary day)."""
    columns = select(Loan.id, Loan.status, Loan.home_visit_consent, Borrower.do_not_visit).join(
        Borrower, Borrower.id == Loan.borrower_id
    )
    flags: dict[int, Any] = {}
    by_id = without_case
    if len(with_case) > 900:
        open_loans = select(Case.loan_id).where(Case.status != CaseStatus.CLOSED)
        rows = session.execute(columns.where(Loan.id.in_(open_loans)))
        flags.update((row.id, row) for row in rows if row.id in with_case)
    else:
        by_id = with_case | without_case
    ids = sorted(by_id)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        flags.update((row.id, row) for row in session.execute(columns.where(Loan.id.in_(chunk))))
    return flags


def rebuild_queue(
    session: Session,
    actor: User | None,
    as_of: dt.date | None = None,
    *,
    loan_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> RebuildSummary:
    """Bring cases up to date as of `as_of` (default: the office's queue date), all or some."""
    if actor is not None:
        require(actor, Permission.REBUILD_QUEUE)
    started = time.perf_counter()
    as_of = as_of or settings.as_of(session)
    live = as_of >= dt.date.today()
    scope = None if loan_ids is None else list(loan_ids)
    config: dict[str, Any] = settings.get_all(session, "priority.")
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    report = progress or (lambda stage, done, total: None)
    evaluate_promises(session, as_of, scope)  # judged promises feed the facts below

    report("positions", 0, 4)
    pos: dict[int, Position] = {p.loan_id: p for p in overdue_positions(session, as_of, scope)}
    open_q = select(Case.id, Case.loan_id, Case.status, Case.opened_on).where(
        Case.status != CaseStatus.CLOSED
    )
    if scope is not None:
        open_q = open_q.where(Case.loan_id.in_(scope))
    open_cases = {row.loan_id: row for row in session.execute(open_q)}
    overdue = {lid for lid, p in pos.items() if p.dpd > 0}
    loans = _loan_flags(session, set(open_cases), overdue - set(open_cases))

    report("lifecycle", 1, 4)
    opened = closed = 0
    if live:
        to_close = []
        for lid, row in open_cases.items():
            loan_status = loans[lid].status
            if loan_status in _CLOSE_FOR:
                to_close.append({"b_id": row.id, "reason": _CLOSE_FOR[loan_status]})
            elif loan_status is LoanStatus.ACTIVE and lid not in overdue:
                to_close.append({"b_id": row.id, "reason": CloseReason.CURED})
        if to_close:
            table = Case.__table__
            session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(
                    status=CaseStatus.CLOSED,
                    close_reason=bindparam("reason"),
                    closed_on=as_of,
                    next_action_on=None,
                    dpd=0,
                    bucket="",
                    amount_overdue=0,
                    score=0,
                    score_breakdown=None,
                    paused=False,
                    computed_as_of=as_of,
                ),
                to_close,
            )
            closed = len(to_close)
            closing = {c["b_id"] for c in to_close}
            open_cases = {lid: r for lid, r in open_cases.items() if r.id not in closing}
        new_loans = sorted(
            lid
            for lid in overdue
            if lid not in open_cases and loans[lid].status is LoanStatus.ACTIVE
        )
        if new_loans:
            first = reserve(session, "case_no", len(new_loans))
            session.execute(
                insert(Case),
                [
                    {
                        "case_no": case_number(as_of.year, first + n),
                        "loan_id": lid,
                        "status": CaseStatus.NEW,
                        "opened_on": pos[lid].oldest_unpaid_due_on + dt.timedelta(days=1),
                        "version": 1,
                    }
                    for n, lid in enumerate(new_loans)
                ],
            )
            opened = len(new_loans)
            open_cases = {row.loan_id: row for row in session.execute(open_q)}

    report("facts", 2, 4)
    case_ids = [row.id for row in open_cases.values()]
    facts = gather(session, case_ids if scope is not None else None)

    report("scores", 3, 4)
    updates = []
    for lid, row in open_cases.items():
        p = pos.get(lid) or Position(lid, as_of, None, 0, 0, 0, 0, 0)
        loan = loans[lid]
        cid = row.id
        paused = cid in facts.complaint_deadline
        visit_ok = bool(loan.home_visit_consent and not loan.do_not_visit and p.dpd >= field_min)
        total, breakdown = score(
            CaseFacts(
                p.amount_overdue,
                p.dpd,
                facts.broken_promises.get(cid, 0),
                facts.last_contact_at.get(cid),
                facts.next_promise_due.get(cid) == as_of,
                visit_ok,
                paused,
            ),
            as_of,
            config,
        )
        status = _derive_status(CaseStatus(row.status), LoanStatus(loan.status), cid, facts, paused)
        updates.append(
            {
                "b_id": cid,
                "dpd": p.dpd,
                "bucket": p.bucket,
                "amount_overdue": p.amount_overdue,
                "score": total,
                "score_breakdown": breakdown,
                "status": status,
                "next_action_on": _next_action(status, cid, facts, as_of),
                "paused": paused,
                "last_contact_at": facts.last_contact_at.get(cid),
                "computed_as_of": as_of,
            }
        )
    if updates:
        table = Case.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in updates[0] if k != "b_id"}),
            updates,
        )
    report("done", 4, 4)
    summary = RebuildSummary(
        as_of, len(pos), opened, closed, len(updates), time.perf_counter() - started
    )
    if scope is None:
        audit.record(
            session,
            actor,
            "queue.rebuild",
            "case",
            "",
            {
                "as_of": as_of.isoformat(),
                "opened": opened,
                "closed": closed,
                "open_cases": len(updates),
            },
        )
    return summary
