"""The work queue: case ids filtered and sorted in SQL, and one page of display rows per query.
The case page's query lives in app/queries/case_page.py, its story in app/queries/case_story.py.

`QUEUE_ORDER` is the queue's one ordering (the cases due now before the waiting ones — next
action after the queue date, or held by a pause or legal: Case.waiting —, then score, DPD,
amount overdue and case id): the UI's default sort and the CLI's listing both use it, so they
can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    exists,
    func,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from app import settings
from app.auth import Permission, can
from app.models import (
    PROMISE_NOT_KEPT,
    Borrower,
    Case,
    CaseStatus,
    ContactAttempt,
    Loan,
    LoanProduct,
    Promise,
    PromiseStatus,
    Segment,
    User,
)
from app.models.base import UTCDateTime
from app.models.case import IS_OPEN
from app.names import by_name
from app.office import office_timezone, office_today
from app.privacy import mask_id
from app.queries.dashboard_today import contacted_on
from app.queries.search import SortKeys, is_resident_id, matching_borrowers, name_order, sort_terms
from app.queue_row import QueueRow

QUEUE_ORDER: tuple[ColumnElement[Any], ...] = (
    Case.waiting.asc(),
    Case.score.desc(),
    Case.dpd.desc(),
    Case.amount_overdue.desc(),
    Case.id.asc(),
)
_QUEUE_ORDER_REVERSED: tuple[ColumnElement[Any], ...] = (
    Case.waiting.desc(),
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
    # A contact logged on the office's today (the dashboard's Contacted today tile).
    contacted_today: bool = False
    search: str = ""
    # A promise due on or after this day (up to `promise_broken_to`, else the as-of date) was
    # not kept (the dashboard's tile: app/queries/dashboard.broken_window).
    promise_broken_from: dt.date | None = None
    promise_broken_to: dt.date | None = None
    # Only cases with days past due (the dashboard's Overdue tile): a case whose loan was made
    # current under an agreement still in force stays open at 0 days, and is not overdue.
    overdue: bool = False


def last_contact_expr() -> ColumnElement[dt.datetime]:
    latest = (
        select(func.max(ContactAttempt.at))
        .where(ContactAttempt.case_id == Case.id)
        .scalar_subquery()
    )
    return type_coerce(func.coalesce(Case.last_contact_at, latest), UTCDateTime())


SORT_KEYS: SortKeys = {
    "case_no": lambda: Case.case_no,
    "loan_no": lambda: Loan.loan_no,
    "borrower": name_order,
    "dpd": lambda: Case.dpd,
    "bucket": lambda: Case.dpd,
    "amount": lambda: Case.amount_overdue,
    "score": lambda: Case.score,
    "agent": lambda: User.display_name,  # queue_ids: in pinyin order (agent_order)
    "status": lambda: Case.status,
    "next_action": lambda: Case.next_action_on,
    "last_contact": last_contact_expr,
    "id": lambda: Case.id,
}


def queue_order(sort: str = "priority", descending: bool = True) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms for a sort key; "priority" is QUEUE_ORDER (reversed when ascending), and so
    is "score": the window's Score header sorts in the queue's tiered order, the cases due now
    before the waiting ones, and the CLI's `--sort score` sorts as it does (found by QA)."""
    if sort == "score" or sort not in SORT_KEYS:
        return QUEUE_ORDER if descending else _QUEUE_ORDER_REVERSED
    return tuple(sort_terms(SORT_KEYS[sort](), Case.id, descending))


def agent_order(session: Session) -> ColumnElement[int]:
    """The assigned agent's place when names are in pinyin order (the unassigned last): an office
    has tens of users, so they are spelled here rather than stored spelled."""
    users = session.execute(select(User.id, User.display_name).order_by(User.id)).all()
    ranked = by_name(users, lambda u: u.display_name)
    places = {uid: place for place, (uid, _) in enumerate(ranked)}
    return case(places, value=User.id, else_=len(places)) if places else literal(0)


def search_condition(session: Session, text: str) -> ColumnElement[bool] | None:
    """Case number, loan number, or the borrower (name or its pinyin, phone, full ID by its hash).

    The matching cases are found apart, each part through its own index (the case number; the
    loans of the matching borrowers, see `matching_borrowers`), in a UNION ALL the queue's
    rows are then tested against. As an OR on the case's row, SQLite scanned the borrowers twice
    for the first page (54 ms on the reference office for "zxm", against 20).
    """
    text = text.strip()
    borrowers = matching_borrowers(session, text)
    if borrowers is None:
        return None
    found = aliased(Case)
    by_borrower = select(found.id).where(
        found.loan_id.in_(select(Loan.id).where(Loan.borrower_id.in_(borrowers)))
    )
    if is_resident_id(text):
        return Case.id.in_(by_borrower)
    by_number = select(found.id).where(found.case_no == text.upper())
    return Case.id.in_(union_all(by_number, by_borrower))


def _queue_query(
    session: Session,
    user: User,
    flt: QueueFilter,
    as_of: dt.date,
    *,
    joins: bool = True,
) -> Select[Any]:
    """Open case ids the user may see, filtered by `flt` (no order). Without `joins`, the loan
    and borrower are joined only when a filter needs them (a count needs nothing else)."""
    condition = search_condition(session, flt.search)
    query = select(Case.id).where(IS_OPEN)  # IS_OPEN: the partial index ix_case_queue applies
    if as_of < office_today(session):
        # A queue as of a past day lists today's open cases that were overdue then (the rebuild
        # gave the others 0 days past due on that day), not cases of loans that fell due since.
        query = query.where(Case.dpd > 0)
    if joins or flt.product_code or flt.segment:
        query = query.join(Loan, Loan.id == Case.loan_id)
    if joins or flt.segment:
        query = query.join(Borrower, Borrower.id == Loan.borrower_id)
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    if flt.bucket:
        query = query.where(Case.bucket == flt.bucket)
    if flt.overdue:
        query = query.where(Case.dpd > 0)
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
                Promise.due_on == office_today(session),  # due today, whatever the queue date
            )
        )
    if flt.contacted_today:
        query = query.where(contacted_on(office_today(session), office_timezone(session)))
    if flt.promise_broken_from is not None:
        query = query.where(
            exists().where(
                Promise.case_id == Case.id,
                Promise.status.in_(PROMISE_NOT_KEPT),
                Promise.due_on >= flt.promise_broken_from,
                Promise.due_on <= (flt.promise_broken_to or as_of),
            )
        )
    if condition is not None:
        query = query.where(condition)
    return query


def queue_ids(
    session: Session,
    user: User,
    flt: QueueFilter | None = None,
    as_of: dt.date | None = None,
    sort: str = "priority",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    """Open case ids the user may see, filtered by `flt` and ordered in SQL (see SORT_KEYS);
    with `limit`, only the first ones (the queue's first screen: read from ix_case_queue)."""
    flt = flt or QueueFilter()
    query = _queue_query(session, user, flt, as_of or settings.as_of(session))
    if sort == "agent":
        query = query.outerjoin(User, User.id == Case.assigned_agent_id)
        query = query.order_by(*sort_terms(agent_order(session), Case.id, descending))
    else:
        query = query.order_by(*queue_order(sort, descending))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def queue_count(
    session: Session, user: User, flt: QueueFilter | None = None, as_of: dt.date | None = None
) -> int:
    """How many open cases `queue_ids` lists for the same user and filter."""
    flt = flt or QueueFilter()
    query = _queue_query(session, user, flt, as_of or settings.as_of(session), joins=False)
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def queue_head(
    session: Session,
    user: User,
    flt: QueueFilter | None = None,
    as_of: dt.date | None = None,
    sort: str = "priority",
    descending: bool = True,
    n: int = 200,
) -> list[int]:
    """The queue's first screen: its first `n` ids in order, read from the top of an index, so
    it costs the same however big the office. How many there are in all is `queue_count`, which
    grows with the office; the window asks for it after the first page is painted."""
    return queue_ids(session, user, flt, as_of, sort, descending, limit=n)


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
            last_contact_expr(),
            Case.waiting,
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
            bool(r[14]),
        )
        for r in session.execute(query)
    }


def cases_by_ids(session: Session, user: User, ids: Sequence[int]) -> list[QueueRow]:
    """These cases, open or closed, in the order given, leaving out any the user may not open
    (an agent opens only their own: a case since given to someone else drops out)."""
    if not ids:
        return []
    query = select(Case.id).where(Case.id.in_(list(ids)))
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    allowed = set(session.scalars(query))
    rows = queue_rows(session, [i for i in ids if i in allowed])
    return [rows[i] for i in ids if i in rows]


@dataclass(frozen=True)
class AgentChoice:
    id: int
    username: str
    display_name: str
    phone_ok: bool
    field_ok: bool
    # What keeps them from phone work: "missing" (a required course never passed) or "lapsed".
    phone_gap: str = ""
    field_gap: str = ""  # the same of field work's own courses
    open_cases: int = 0  # open cases they hold now (the Assign dialog shows it)


def agent_choices(session: Session, as_of: dt.date | None = None) -> list[AgentChoice]:
    """Active agents with whether their training allows phone and field work today (the
    office's, not a past queue date: the assignment they are offered for is made now)."""
    from app.cases.capacity import open_loads
    from app.training import WorkKind, office_training
    from app.training.status import gap_kind

    as_of = as_of or office_today(session)
    loads = open_loads(session)
    return [
        AgentChoice(
            a.agent_id,
            a.username,
            a.display_name,
            a.qualified(WorkKind.PHONE),
            a.qualified(WorkKind.FIELD),
            gap_kind(a.missing_for(WorkKind.PHONE)),
            gap_kind(a.missing_for(WorkKind.FIELD)),
            loads.get(a.agent_id, 0),
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
