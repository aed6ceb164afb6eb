"""The complaints list (the Complaints page, `complaint list`, the office lists' export and the
dashboard's tile): by deadline, with days left, what each pauses and who investigates it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app.auth import Permission, can, require
from app.complaint_access import OPEN, investigators
from app.models import Case, Complaint, ComplaintCategory, ComplaintStatus, User
from app.office import office_today


@dataclass(frozen=True)
class ComplaintRow:
    complaint_no: str
    received_on: dt.date
    deadline_on: dt.date
    days_left: int | None  # deadline − as_of, negative when overdue; None once closed
    case_no: str | None
    agent: str | None
    category: ComplaintCategory
    status: ComplaintStatus
    source: str
    channel: str
    pausing: bool
    agent_name: str | None = None  # the agent's display name (`agent` is the user name)
    investigator: str | None = None  # who investigates it (display name), once one is named
    closed_on: dt.date | None = None

    @property
    def days_late(self) -> int | None:
        return days_late(self.deadline_on, self.closed_on)


def days_late(deadline_on: dt.date, closed_on: dt.date | None) -> int | None:
    """How many days after its deadline a closed complaint was answered; None when it is open
    or was answered in time (the audit's "Answered late", the case story's and the compliance
    report's, read the same way)."""
    if closed_on is None or closed_on <= deadline_on:
        return None
    return (closed_on - deadline_on).days


def complaints_list(
    session: Session,
    user: User,
    *,
    open_only: bool = True,
    near_deadline: bool = False,
    as_of: dt.date | None = None,
) -> list[ComplaintRow]:
    """Complaints by deadline; an agent sees those on their cases or about themselves.

    `near_deadline`: the open ones whose answer is due within COMPLAINT_SOON_DAYS or overdue,
    those the dashboard's tile counts."""
    from app.queries.dashboard import COMPLAINT_SOON_DAYS

    require(user, Permission.RECORD_COMPLAINTS)
    as_of = as_of or office_today(session)  # a regulatory deadline: today, not a queue date
    k, subject = Complaint, aliased(User)
    query = (
        select(
            k.complaint_no,
            k.received_on,
            k.deadline_on,
            Case.case_no,
            subject.username,
            subject.display_name,
            k.category,
            k.status,
            k.source,
            k.channel,
            (k.pauses_contact & k.pause_lifted_at.is_(None)).label("paused"),
            k.closed_on,
        )
        .outerjoin(Case, Case.id == k.case_id)
        .outerjoin(subject, subject.id == k.agent_id)
        .order_by(k.deadline_on, k.complaint_no)
    )
    if open_only or near_deadline:
        query = query.where(k.status.in_(OPEN))
    if near_deadline:
        query = query.where(k.deadline_on <= as_of + dt.timedelta(days=COMPLAINT_SOON_DAYS))
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(or_(Case.assigned_agent_id == user.id, k.agent_id == user.id))
    found = session.execute(query).all()
    investigating = investigators(session, [r.complaint_no for r in found])
    rows = []
    for r in found:
        is_open = ComplaintStatus(r.status) in OPEN
        rows.append(
            ComplaintRow(
                r.complaint_no,
                r.received_on,
                r.deadline_on,
                (r.deadline_on - as_of).days if is_open else None,
                r.case_no,
                r.username,
                ComplaintCategory(r.category),
                ComplaintStatus(r.status),
                r.source,
                r.channel,
                bool(r.paused) and is_open,
                r.display_name or r.username,
                investigating.get(r.complaint_no),
                r.closed_on,
            )
        )
    return rows
