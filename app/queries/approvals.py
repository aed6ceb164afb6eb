"""What waits for a supervisor's approval (the maker-checker inbox behind the dashboard's tile):
draft agreements whose waiver is above the office's threshold or that would replace a signed
agreement of their case (lifecycle.needs_approval), and booked visits when the office requires
visits to be approved.

A supervisor sees what they may approve: drafts by others (a supervisor cannot approve their own
waiver above the threshold; their own draft replacing signed terms within it they may) and every
booked visit not yet approved. An agent sees their own cases' drafts and their
own visits, so they know what is held up."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from app import settings
from app.agreements.common import IN_FORCE, waiver_threshold
from app.auth import Permission, can
from app.i18n import tr
from app.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Borrower,
    Case,
    Loan,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.money import fmt
from app.wall_clock import end_clock, span, wall_time

AGREEMENT, VISIT = "agreement", "visit"


@dataclass(frozen=True)
class Waiting:
    kind: str  # AGREEMENT or VISIT
    id: int
    number: str
    case_no: str
    borrower: str
    by: str  # who drafted or booked it
    since: dt.datetime | None  # drafted or booked at (UTC)
    waiver: int = 0  # minor units (agreements)
    settled: int = 0
    settlement: bool = False  # one payment, else an instalment plan (agreements)
    start: dt.datetime | None = None  # the visit's times (UTC)
    end: dt.datetime | None = None
    replaces: str = ""  # the signed agreement the draft would replace (agreements)


def approver(user: User) -> bool:
    """Whether the user approves what waits (a supervisor or admin) or only waits for it."""
    return can(user, Permission.APPROVE_AGREEMENTS) or can(user, Permission.APPROVE_VISITS)


def _agreements(session: Session, user: User) -> list[Waiting]:
    drafter, signed = aliased(User), aliased(Agreement)
    threshold = waiver_threshold(session)
    replaces = (
        select(signed.agreement_no)
        .where(
            signed.case_id == Agreement.case_id,
            signed.status.in_(IN_FORCE),
            signed.id != Agreement.id,
        )
        .order_by(signed.id)
        .limit(1)
        .correlate(Agreement)
        .scalar_subquery()
    )
    big = Agreement.waiver_amount > threshold
    query = (
        select(
            Agreement.id,
            Agreement.agreement_no,
            Case.case_no,
            Borrower.name,
            drafter.display_name,
            Agreement.created_at,
            Agreement.waiver_amount,
            Agreement.settled_amount,
            Agreement.kind == AgreementKind.SETTLEMENT,
            replaces,
        )
        .join(Case, Case.id == Agreement.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(drafter, drafter.id == Agreement.drafted_by_id)
        .where(Agreement.status == AgreementStatus.DRAFT, big | replaces.is_not(None))
        .order_by(Agreement.created_at, Agreement.id)
    )
    if can(user, Permission.APPROVE_AGREEMENTS):  # as approval_refusal: not their own big waiver
        query = query.where(
            ~big | (Agreement.drafted_by_id != user.id) | Agreement.drafted_by_id.is_(None)
        )
    else:
        query = query.where(Case.assigned_agent_id == user.id)
    return [
        Waiting(
            AGREEMENT,
            i,
            no,
            case_no,
            name,
            by or "",
            at,
            waiver,
            settled,
            settlement=bool(one),
            replaces=old or "",
        )
        for i, no, case_no, name, by, at, waiver, settled, one, old in session.execute(query)
    ]


def _visits(session: Session, user: User) -> list[Waiting]:
    if not settings.get(session, "visit.approval_required"):
        return []
    booker = aliased(User)
    query = (
        select(
            Visit.id,
            Visit.visit_no,
            Case.case_no,
            Borrower.name,
            booker.display_name,
            Visit.booked_at,
            Visit.scheduled_start,
            Visit.scheduled_end,
        )
        .join(Case, Case.id == Visit.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(booker, booker.id == Visit.booked_by_id)
        .where(Visit.status == VisitStatus.BOOKED, Visit.approved_by_id.is_(None))
        .order_by(Visit.scheduled_start, Visit.id)
    )
    if not can(user, Permission.APPROVE_VISITS):
        query = query.where(
            exists().where(and_(VisitAgent.visit_id == Visit.id, VisitAgent.agent_id == user.id))
        )
    return [
        Waiting(VISIT, i, no, case_no, name, by or "", at, start=start, end=end)
        for i, no, case_no, name, by, at, start, end in session.execute(query)
    ]


def waiting_for_approval(session: Session, user: User) -> list[Waiting]:
    """The agreements, then the visits, that wait for a supervisor, oldest first."""
    return [*_agreements(session, user), *_visits(session, user)]


def local(
    moment: dt.datetime | None, zone: zoneinfo.ZoneInfo, shape: str = "%Y-%m-%d %H:%M"
) -> str:
    """A stored UTC time in the office's zone ("" for none), with the zone's abbreviation in
    the hour that comes twice."""
    return wall_time(moment, zone, shape) if moment else ""


def to_approve(item: Waiting, zone: zoneinfo.ZoneInfo, lang: str | None = None) -> str:
    """What the approval is of: an agreement's waiver and settled amount, and the signed agreement
    it would replace (why it waits when its waiver is within the threshold); or a visit's time."""
    if item.kind == AGREEMENT:
        amounts = {"waiver": fmt(item.waiver), "settled": fmt(item.settled)}
        if item.settlement:
            terms = tr("Waiver {waiver}, settled in one payment of {settled}", lang, **amounts)
        else:
            terms = tr("Waiver {waiver}, {settled} in instalments", lang, **amounts)
        if item.replaces:
            return tr("{terms}; replaces signed {number}", lang, terms=terms, number=item.replaces)
        return terms
    if item.start is None or item.end is None:
        return span(local(item.start, zone), local(item.end, zone, "%H:%M"))
    return span(local(item.start, zone), end_clock(item.start, item.end, zone, lang=lang))
