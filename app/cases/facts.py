"""Per-case facts the queue needs (promises, contacts, visits, agreements, complaints), in SQL.

Each query is one GROUP BY restricted to the open cases in scope, so the rebuild never loops
over ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Complaint,
    ComplaintStatus,
    ContactAttempt,
    Promise,
    PromiseStatus,
    Visit,
    VisitStatus,
)


@dataclass
class OpenCaseFacts:
    broken_promises: dict[int, int] = field(default_factory=dict)
    last_promise_status: dict[int, str] = field(default_factory=dict)
    next_promise_due: dict[int, dt.date] = field(default_factory=dict)
    last_contact_at: dict[int, dt.datetime] = field(default_factory=dict)
    next_visit_at: dict[int, dt.datetime] = field(default_factory=dict)
    next_agreement_due: dict[int, dt.date] = field(default_factory=dict)
    complaint_deadline: dict[int, dt.date] = field(default_factory=dict)


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _as_utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _pairs(session: Session, query: Any, case_ids: list[int] | None) -> list[Any]:
    if case_ids is None:
        return list(session.execute(query))
    rows: list[Any] = []
    for start in range(0, len(case_ids), 900):
        chunk = case_ids[start : start + 900]
        rows += session.execute(query.where(query.selected_columns[0].in_(chunk)))
    return rows


def gather(session: Session, open_case_ids: Iterable[int] | None) -> OpenCaseFacts:
    """Facts for the given open cases (None: every case; callers filter to open ones)."""
    ids = None if open_case_ids is None else list(open_case_ids)
    f = OpenCaseFacts()
    p = Promise
    for cid, n in _pairs(
        session,
        select(p.case_id, func.count()).where(p.status == PromiseStatus.BROKEN).group_by(p.case_id),
        ids,
    ):
        f.broken_promises[cid] = n
    last_id = select(p.case_id, func.max(p.id).label("pid")).group_by(p.case_id)
    case_of = {pid: cid for cid, pid in _pairs(session, last_id, ids)}  # newest promise → case
    keys = list(case_of)
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        for pid, status in session.execute(select(p.id, p.status).where(p.id.in_(chunk))):
            f.last_promise_status[case_of[pid]] = str(status)
    for cid, due in _pairs(
        session,
        select(p.case_id, func.min(p.due_on))
        .where(p.status == PromiseStatus.PENDING)
        .group_by(p.case_id),
        ids,
    ):
        f.next_promise_due[cid] = _as_date(due)
    c = ContactAttempt
    for cid, at in _pairs(session, select(c.case_id, func.max(c.at)).group_by(c.case_id), ids):
        f.last_contact_at[cid] = _as_utc(at)
    v = Visit
    for cid, at in _pairs(
        session,
        select(v.case_id, func.min(v.scheduled_start))
        .where(v.status.in_([VisitStatus.BOOKED, VisitStatus.IN_PROGRESS]))
        .group_by(v.case_id),
        ids,
    ):
        if at is not None:
            f.next_visit_at[cid] = _as_utc(at)
    a, ai = Agreement, AgreementInstalment
    for cid, due in _pairs(
        session,
        select(a.case_id, func.min(ai.due_on))
        .join(ai, ai.agreement_id == a.id)
        .where(
            a.status.in_([AgreementStatus.SIGNED, AgreementStatus.ACTIVE]), ai.status == "pending"
        )
        .group_by(a.case_id),
        ids,
    ):
        f.next_agreement_due[cid] = _as_date(due)
    k = Complaint
    for cid, deadline in _pairs(
        session,
        select(k.case_id, func.min(k.deadline_on))
        .where(
            k.status.in_([ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING]),
            k.pauses_contact,
            k.pause_lifted_at.is_(None),
        )
        .group_by(k.case_id),
        ids,
    ):
        if cid is not None:
            f.complaint_deadline[cid] = _as_date(deadline)
    return f
