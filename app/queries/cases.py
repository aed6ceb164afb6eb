"""The work queue and the case page: case ids filtered and sorted in SQL, one page of display
rows per query, and everything about one case (breakdown, overdue split, people, loan, timeline).

`QUEUE_ORDER` is the queue's one ordering (score, then DPD, then amount overdue, then case id):
the UI's default sort and the CLI's listing both use it, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, can
from app.cases.delinquency import loan_position
from app.cases.priority import FACTOR_LABELS
from app.errors import NotFound, PermissionDenied
from app.i18n import tr
from app.labels import (
    AGREEMENT_KIND,
    AGREEMENT_STATUS,
    CHANNEL,
    CLOSE_REASON,
    COMPLAINT_CATEGORY,
    COMPLAINT_STATUS,
    DEFAULT_REASON,
    METHOD,
    OUTCOME,
    PARTY,
    PROMISE_STATUS,
    VERDICT,
    VISIT_STATUS,
    label,
)
from app.models import (
    Agreement,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ContactAttempt,
    Loan,
    LoanProduct,
    Office,
    Promise,
    PromiseStatus,
    Segment,
    User,
    Visit,
)
from app.models.base import UTCDateTime
from app.money import fmt
from app.privacy import mask_address, mask_id
from app.queries.borrowers import BorrowerDetail, borrower_detail
from app.queries.loans import LoanDetail, loan_detail
from app.queries.search import borrower_condition, is_resident_id

QUEUE_ORDER: tuple[ColumnElement[Any], ...] = (
    Case.score.desc(),
    Case.dpd.desc(),
    Case.amount_overdue.desc(),
    Case.id.asc(),
)
_QUEUE_ORDER_REVERSED: tuple[ColumnElement[Any], ...] = (
    Case.score.asc(),
    Case.dpd.asc(),
    Case.amount_overdue.asc(),
    Case.id.desc(),
)


@dataclass
class QueueFilter:
    """What the queue shows; None / False / "" means "no restriction"."""

    bucket: str | None = None
    agent_id: int | None = None
    status: str | None = None
    product_code: str | None = None
    segment: str | None = None
    unassigned: bool = False
    promise_due_today: bool = False
    search: str = ""


@dataclass(frozen=True)
class QueueRow:
    id: int
    case_no: str
    loan_no: str
    borrower: str
    masked_id: str
    dpd: int
    bucket: str
    amount_overdue: int
    score: int
    breakdown: dict[str, int]
    agent: str  # display name, "" when unassigned
    status: str
    next_action_on: dt.date | None
    last_contact_at: dt.datetime | None


@dataclass(frozen=True)
class Factor:
    key: str
    label: str  # translated
    points: int


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime  # aware UTC; a date-only event sits at 00:00 office time
    kind: str  # contact | promise | visit | agreement | complaint | payment | case
    title: str
    detail: str = ""


@dataclass
class CaseDetail:
    id: int
    case_no: str
    status: str
    close_reason: str | None
    opened_on: dt.date
    closed_on: dt.date | None
    agent: str
    agent_username: str | None
    next_action_on: dt.date | None
    computed_as_of: dt.date | None
    as_of: dt.date
    dpd: int
    bucket: str
    amount_overdue: int
    overdue_principal: int
    overdue_interest: int
    overdue_fee: int
    score: int
    breakdown: list[Factor]
    paused: bool
    last_contact_at: dt.datetime | None
    borrower: BorrowerDetail
    loan: LoanDetail
    timezone: str = "Asia/Shanghai"  # the office's, for showing the timeline's times
    timeline: list[TimelineItem] = field(default_factory=list)


def _last_contact() -> ColumnElement[dt.datetime]:
    latest = (
        select(func.max(ContactAttempt.at))
        .where(ContactAttempt.case_id == Case.id)
        .scalar_subquery()
    )
    return type_coerce(func.coalesce(Case.last_contact_at, latest), UTCDateTime())


SORT_KEYS = {
    "case_no": lambda: Case.case_no,
    "loan_no": lambda: Loan.loan_no,
    "borrower": lambda: Borrower.name,
    "dpd": lambda: Case.dpd,
    "bucket": lambda: Case.dpd,
    "amount": lambda: Case.amount_overdue,
    "score": lambda: Case.score,
    "agent": lambda: User.display_name,
    "status": lambda: Case.status,
    "next_action": lambda: Case.next_action_on,
    "last_contact": _last_contact,
    "id": lambda: Case.id,
}


def queue_order(sort: str = "priority", descending: bool = True) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms for a sort key; "priority" is QUEUE_ORDER (reversed when ascending)."""
    if sort not in SORT_KEYS:
        return QUEUE_ORDER if descending else _QUEUE_ORDER_REVERSED
    key = SORT_KEYS[sort]()
    if descending:
        return (key.desc(), Case.id.desc())
    return (key.asc(), Case.id.asc())


def _search_condition(session: Session, text: str) -> ColumnElement[bool] | None:
    """Case number, loan number, or the borrower (name, phone, full ID by its hash).

    Each part is an uncorrelated IN over an indexed column, so SQLite looks each up once
    instead of testing an OR across three joined tables on every open case.
    """
    text = text.strip()
    if not text:
        return None
    by_borrower = borrower_condition(session, text)
    borrowers = select(Borrower.id).where(by_borrower) if by_borrower is not None else None
    if is_resident_id(text):
        assert borrowers is not None
        return Loan.borrower_id.in_(borrowers)
    return or_(
        Case.id.in_(select(Case.id).where(Case.case_no == text.upper())),
        Loan.id.in_(select(Loan.id).where(Loan.loan_no == text)),
        *([Loan.borrower_id.in_(borrowers)] if borrowers is not None else []),
    )


def queue_ids(
    session: Session,
    user: User,
    flt: QueueFilter | None = None,
    as_of: dt.date | None = None,
    sort: str = "priority",
    descending: bool = True,
) -> list[int]:
    """Open case ids the user may see, filtered by `flt` and ordered in SQL (see SORT_KEYS)."""
    flt = flt or QueueFilter()
    as_of = as_of or settings.as_of(session)
    query = (
        select(Case.id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Case.status != CaseStatus.CLOSED)
    )
    if sort == "agent":
        query = query.outerjoin(User, User.id == Case.assigned_agent_id)
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    if flt.bucket:
        query = query.where(Case.bucket == flt.bucket)
    if flt.agent_id is not None:
        query = query.where(Case.assigned_agent_id == flt.agent_id)
    if flt.unassigned:
        query = query.where(Case.assigned_agent_id.is_(None))
    if flt.status:
        query = query.where(Case.status == CaseStatus(flt.status))
    if flt.product_code:
        query = query.join(LoanProduct, LoanProduct.id == Loan.product_id).where(
            LoanProduct.code == flt.product_code
        )
    if flt.segment:
        query = query.where(Borrower.segment == Segment(flt.segment))
    if flt.promise_due_today:
        query = query.where(
            exists().where(
                Promise.case_id == Case.id,
                Promise.status == PromiseStatus.PENDING,
                Promise.due_on == as_of,
            )
        )
    condition = _search_condition(session, flt.search)
    if condition is not None:
        query = query.where(condition)
    return list(session.scalars(query.order_by(*queue_order(sort, descending))))


def queue_rows(session: Session, ids: Sequence[int]) -> dict[int, QueueRow]:
    """Display rows for one page of case ids, in one query (ID number masked)."""
    if not ids:
        return {}
    query = (
        select(
            Case.id,
            Case.case_no,
            Loan.loan_no,
            Borrower.name,
            Borrower.national_id,
            Case.dpd,
            Case.bucket,
            Case.amount_overdue,
            Case.score,
            Case.score_breakdown,
            User.display_name,
            Case.status,
            Case.next_action_on,
            _last_contact(),
        )
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(User, User.id == Case.assigned_agent_id)
        .where(Case.id.in_(list(ids)))
    )
    return {
        r[0]: QueueRow(
            r[0],
            r[1],
            r[2],
            r[3],
            mask_id(r[4]),
            r[5],
            r[6],
            r[7],
            r[8],
            dict(r[9] or {}),
            r[10] or "",
            str(r[11]),
            r[12],
            r[13],
        )
        for r in session.execute(query)
    }


# --- the case page ---------------------------------------------------------------------------


def office_timezone(session: Session) -> str:
    """The office's time zone name: show stored UTC times in it."""
    return session.scalar(select(Office.timezone).limit(1)) or "Asia/Shanghai"


class _Clock:
    """Turns office-local dates into aware UTC datetimes at 00:00 office time."""

    def __init__(self, session: Session) -> None:
        name = office_timezone(session)
        self.name = name
        self.zone = zoneinfo.ZoneInfo(name)

    def day(self, value: dt.date) -> dt.datetime:
        return dt.datetime.combine(value, dt.time(), self.zone).astimezone(dt.UTC)


def _find_case(session: Session, user: User, case_ref: int | str) -> Case:
    if isinstance(case_ref, int):
        case = session.get(Case, case_ref)
    else:
        case = session.scalar(select(Case).where(Case.case_no == case_ref.strip().upper()))
    if case is None:
        raise NotFound("Unknown case {case}.", case=case_ref)
    if not can(user, Permission.VIEW_ALL_CASES) and case.assigned_agent_id != user.id:
        raise PermissionDenied(
            "{user} may open only the cases assigned to them; {case} is not.",
            user=user.username,
            case=case.case_no,
        )
    return case


def breakdown_factors(breakdown: dict[str, Any] | None, lang: str | None = None) -> list[Factor]:
    """The score's factors with translated labels, biggest contribution first."""
    items = [(k, int(v)) for k, v in (breakdown or {}).items()]
    items.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    return [Factor(k, tr(FACTOR_LABELS[k], lang) if k in FACTOR_LABELS else k, v) for k, v in items]


def case_detail(
    session: Session,
    user: User,
    case_ref: int | str,
    lang: str | None = None,
) -> CaseDetail:
    """Everything about one case; agents may open only their own cases."""
    case = _find_case(session, user, case_ref)
    as_of = settings.as_of(session)
    position = loan_position(session, case.loan_id, as_of)
    loan = loan_detail(session, case.loan_id, lang)
    agent = case.assigned_agent
    clock = _Clock(session)
    closed = case.status is CaseStatus.CLOSED
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        status=str(case.status),
        close_reason=str(case.close_reason) if case.close_reason else None,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        agent=agent.display_name if agent else "",
        agent_username=agent.username if agent else None,
        next_action_on=case.next_action_on,
        computed_as_of=case.computed_as_of,
        as_of=as_of,
        # A closed case keeps the figures of its last open rebuild; show today's instead.
        dpd=position.dpd if closed else case.dpd,
        bucket=position.bucket if closed else case.bucket,
        amount_overdue=position.amount_overdue if closed else case.amount_overdue,
        overdue_principal=position.overdue_principal,
        overdue_interest=position.overdue_interest,
        overdue_fee=position.overdue_fee,
        score=case.score,
        breakdown=breakdown_factors(case.score_breakdown, lang),
        paused=case.paused,
        last_contact_at=session.scalar(select(_last_contact()).where(Case.id == case.id)),
        borrower=borrower_detail(session, loan.borrower_id, lang),
        loan=loan,
        timezone=clock.name,
        timeline=timeline(session, case, loan, lang, clock),
    )


def timeline(
    session: Session,
    case: Case,
    loan: LoanDetail,
    lang: str | None = None,
    clock: _Clock | None = None,
) -> list[TimelineItem]:
    """The case's story, newest first: contacts, promises, visits, agreements, complaints…"""
    clock = clock or _Clock(session)
    t = lambda msgid, **p: tr(msgid, lang, **p)  # noqa: E731
    items: list[TimelineItem] = []
    agents = dict(session.execute(select(User.id, User.display_name)).all())
    for c in session.scalars(select(ContactAttempt).where(ContactAttempt.case_id == case.id)):
        detail = [t("by {agent}", agent=agents.get(c.agent_id, "?"))]
        if str(c.verdict) != "allowed":
            detail.append(t("compliance: {verdict}", verdict=label(VERDICT, c.verdict, lang)))
        if c.notes:
            detail.append(c.notes)
        items.append(
            TimelineItem(
                c.at,
                "contact",
                t(
                    "{channel} to {party}: {outcome}",
                    channel=label(CHANNEL, c.channel, lang),
                    party=label(PARTY, c.party, lang),
                    outcome=label(OUTCOME, c.outcome, lang),
                ),
                " · ".join(detail),
            )
        )
    for p in session.scalars(select(Promise).where(Promise.case_id == case.id)):
        items.append(
            TimelineItem(
                p.created_at,
                "promise",
                t(
                    "Promise to pay {amount} by {date}",
                    amount=fmt(p.amount),
                    date=p.due_on.isoformat(),
                ),
                t(
                    "{status}; paid {paid}",
                    status=label(PROMISE_STATUS, p.status, lang),
                    paid=fmt(p.paid_amount),
                ),
            )
        )
    for v in session.scalars(select(Visit).where(Visit.case_id == case.id)):
        detail = [mask_address(v.address)] if v.address else []
        if v.default_reason:
            detail.append(
                t("reason: {reason}", reason=label(DEFAULT_REASON, v.default_reason, lang))
            )
        if v.notes:
            detail.append(v.notes)
        items.append(
            TimelineItem(
                v.scheduled_start or v.created_at,
                "visit",
                t(
                    "Visit {number}: {status}",
                    number=v.visit_no,
                    status=label(VISIT_STATUS, v.status, lang),
                ),
                " · ".join(detail),
            )
        )
    for a in session.scalars(select(Agreement).where(Agreement.case_id == case.id)):
        at = clock.day(a.signed_on) if a.signed_on else a.created_at
        items.append(
            TimelineItem(
                at,
                "agreement",
                t(
                    "Agreement {number} ({kind}): {status}",
                    number=a.agreement_no,
                    kind=label(AGREEMENT_KIND, a.kind, lang),
                    status=label(AGREEMENT_STATUS, a.status, lang),
                ),
                t(
                    "settle {settled} of {debt}, waive {waiver}",
                    settled=fmt(a.settled_amount),
                    debt=fmt(a.debt_amount),
                    waiver=fmt(a.waiver_amount),
                ),
            )
        )
    for k in session.scalars(select(Complaint).where(Complaint.case_id == case.id)):
        items.append(
            TimelineItem(
                clock.day(k.received_on),
                "complaint",
                t(
                    "Complaint {number}: {category} ({status})",
                    number=k.complaint_no,
                    category=label(COMPLAINT_CATEGORY, k.category, lang),
                    status=label(COMPLAINT_STATUS, k.status, lang),
                ),
                t("answer by {date}", date=k.deadline_on.isoformat())
                + (" · " + k.description if k.description else ""),
            )
        )
    for pay in loan.payments:
        if pay.paid_on < case.opened_on:
            continue  # the case's story starts when it opened; older payments are on the loan
        items.append(
            TimelineItem(
                clock.day(pay.paid_on),
                "payment",
                t(
                    "Payment {amount} ({method})",
                    amount=fmt(pay.amount),
                    method=label(METHOD, pay.method, lang),
                ),
                pay.reference,
            )
        )
    items.append(TimelineItem(clock.day(case.opened_on), "case", t("Case opened")))
    if case.assigned_at and case.assigned_agent is not None:
        items.append(
            TimelineItem(
                case.assigned_at,
                "case",
                t("Assigned to {agent}", agent=case.assigned_agent.display_name),
            )
        )
    if case.closed_on:
        items.append(
            TimelineItem(
                clock.day(case.closed_on),
                "case",
                t("Case closed ({reason})", reason=label(CLOSE_REASON, case.close_reason, lang)),
            )
        )
    order = {
        "case": 0,
        "payment": 1,
        "complaint": 2,
        "agreement": 3,
        "visit": 4,
        "promise": 5,
        "contact": 6,
    }
    items.sort(key=lambda i: (i.at, order[i.kind]), reverse=True)
    return items


@dataclass(frozen=True)
class AgentChoice:
    id: int
    username: str
    display_name: str
    phone_ok: bool
    field_ok: bool


def agent_choices(session: Session, as_of: dt.date | None = None) -> list[AgentChoice]:
    """Active agents with whether their training allows phone and field work today."""
    from app.training import WorkKind, office_training

    as_of = as_of or settings.as_of(session)
    return [
        AgentChoice(
            a.agent_id,
            a.username,
            a.display_name,
            a.qualified(WorkKind.PHONE),
            a.qualified(WorkKind.FIELD),
        )
        for a in office_training(session, as_of)
    ]


def product_choices(session: Session, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name in `lang`) of every loan product, for the queue's filter."""
    from app.queries.loans import product_name

    rows = session.execute(
        select(LoanProduct.code, LoanProduct.name_en, LoanProduct.name_zh).order_by(
            LoanProduct.code
        )
    )
    return [(code, product_name(en, zh, lang)) for code, en, zh in rows]
