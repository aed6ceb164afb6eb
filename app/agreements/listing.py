"""Reading agreements: the office's list (one query, filtered in SQL) and one agreement's detail."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.agreements.cancelling import cancel_reason, cancelled_by
from app.agreements.common import (
    cancel_refusal,
    find_agreement,
    require_open_case,
    waiver_threshold,
)
from app.agreements.in_legal import agreement_legal_note
from app.agreements.lapse_note import Lapse, approval_lapse
from app.agreements.lifecycle import (
    approval_refusal,
    check_terms_hold,
    in_force_beside,
    needs_approval,
)
from app.agreements.outcome import ENDINGS, ended_on, line_status
from app.agreements.readiness import made_ready, would_make_ready
from app.agreements.sign_first import not_approved_yet
from app.agreements.standing import sign_blocker
from app.agreements.stated import stated_words
from app.agreements.status_filter import StatusFilter, parse_status, where_status
from app.agreements.waived import waived_at_settlement
from app.auth import Permission, can, require
from app.contacts import find_case
from app.errors import CasedeskError, ValidationError
from app.labels import AGREEMENT_STATUS, label
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Borrower,
    Case,
    Loan,
    User,
)
from app.office import office_today
from app.queries.search import ordered
from app.queries.visits import office_zone


@dataclass(frozen=True)
class AgreementRow:
    agreement_no: str
    case_no: str
    loan_no: str
    borrower: str
    kind: str
    status: str
    debt: int
    settled: int
    waiver: int
    instalments: int
    next_due: dt.date | None
    drafted_on: dt.date
    signed_on: dt.date | None
    drafted_by: str | None
    approved_by: str | None
    id: int = 0
    ended_on: dt.date | None = None  # completed, breached or cancelled on (app/agreements/outcome)
    # Made ready for signing, not approved by a supervisor (app/agreements/readiness.py).
    ready: bool = False


@dataclass(frozen=True)
class PlanLine:
    seq: int
    due_on: dt.date
    amount: int
    paid: int
    status: str


@dataclass
class AgreementDetail:
    row: AgreementRow
    version: int
    stated_reason: str
    stated_capacity: str
    supersedes: str | None
    cancel_reason: str | None
    needs_supervisor: bool  # the waiver is above the office's threshold
    plan: list[PlanLine] = field(default_factory=list)
    # A draft's: why the viewer may not approve it (in their language), None when they may.
    cannot_approve: str | None = None
    # An approved one's: why it cannot be signed whatever the day (a payment since), or None.
    cannot_sign: str | None = None
    # Who drafted and who approved it (their names as the window shows people), and the
    # office's day of the approval: the maker-checker trail beside the signing and the end.
    drafted_by_name: str | None = None
    approved_by_name: str | None = None
    approved_on: dt.date | None = None
    # On a case in legal: it stays there while the agreement runs, or went back there at the
    # breach (app/agreements/in_legal.py), in the current language.
    legal_note: str | None = None
    # Who cancelled it by hand: the drafter told who turned the draft down.
    cancelled_by_name: str | None = None
    # One not yet ended: why the viewer may not cancel it (a supervisor approved it, or it is
    # signed), None when they may (app/agreements/common.py cancel_refusal).
    cannot_cancel: str | None = None
    # A draft's: it waits for a supervisor's approval (a waiver above the threshold, or signed
    # terms it would replace); any other draft its drafter makes ready for signing.
    needs_approval: bool = False
    # A draft's: the viewer's approve would make it ready for signing, not approve it (readiness).
    makes_ready: bool = False
    # A draft's: why it cannot be signed yet and what the viewer does next (sign_first).
    sign_first: str | None = None
    # A completed one's: the waiver written off as it settled the loan (app/agreements/waived.py).
    waived: int | None = None
    # A draft again since a lowered threshold: who lowered it, when (app/agreements/lapse_note.py).
    lapse: Lapse | None = None

    def as_json(self) -> dict[str, Any]:
        r = self.row
        return {
            "agreement_no": r.agreement_no,
            "case_no": r.case_no,
            "loan_no": r.loan_no,
            "borrower": r.borrower,
            "kind": r.kind,
            "status": r.status,
            "ready_for_signing": r.ready,
            "debt": r.debt,
            "settled": r.settled,
            "waiver": r.waiver,
            "waived": self.waived,  # written off at its settlement, None when not recorded
            "drafted_on": r.drafted_on.isoformat(),
            "drafted_by": r.drafted_by,
            "approved_by": r.approved_by,
            "signed_on": r.signed_on.isoformat() if r.signed_on else None,
            "ended_on": r.ended_on.isoformat() if r.ended_on else None,
            "stated_reason": self.stated_reason,
            "stated_capacity": self.stated_capacity,
            "supersedes": self.supersedes,
            "cancel_reason": self.cancel_reason,
            "needs_supervisor": self.needs_supervisor,
            "needs_approval": self.needs_approval,
            "approval_lapsed": self.lapse.as_json() if self.lapse else None,
            "version": self.version,
            "plan": [
                {
                    "seq": p.seq,
                    "due_on": p.due_on.isoformat(),
                    "amount": p.amount,
                    "paid": p.paid,
                    "status": p.status,
                }
                for p in self.plan
            ],
        }


def _drafted(created: Any, zone: zoneinfo.ZoneInfo) -> dt.date:
    """The office's date of a drafting stored in UTC (a datetime, or its text on SQLite)."""
    if isinstance(created, str):
        created = dt.datetime.fromisoformat(created)
    if not isinstance(created, dt.datetime):
        return dt.datetime.now(zone).date()
    return (created if created.tzinfo else created.replace(tzinfo=dt.UTC)).astimezone(zone).date()


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


# Statuses whose pending instalments still fall due (the list's "next due").
OPEN = (
    AgreementStatus.DRAFT,
    AgreementStatus.APPROVED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
)


def _query(user: User, wanted: StatusFilter | None = None) -> Any:
    """The list's rows, narrowed to the status filter `wanted` (None: every agreement)."""
    a, ai = Agreement, AgreementInstalment
    drafter, approver = aliased(User), aliased(User)
    next_due = (
        select(func.min(ai.due_on))
        .where(
            ai.agreement_id == a.id,
            ai.status == "pending",
            ai.paid_amount < ai.amount,  # one paid ahead of its day is not waited for
            a.status.in_(OPEN),
        )
        .scalar_subquery()
    )
    count = select(func.count()).where(ai.agreement_id == a.id).scalar_subquery()
    query = (
        select(
            a.agreement_no,
            Case.case_no,
            Loan.loan_no,
            Borrower.name,
            a.kind,
            a.status,
            a.debt_amount,
            a.settled_amount,
            a.waiver_amount,
            count,
            next_due,
            a.created_at,
            a.signed_on,
            drafter.username,
            approver.username,
            a.id,
            a.approved_by_id,
            a.drafted_by_id,
            approver.role,
        )
        .join(Case, Case.id == a.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(drafter, drafter.id == a.drafted_by_id)
        .outerjoin(approver, approver.id == a.approved_by_id)
    )
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    return where_status(query, wanted, approver)


def _row(values: Any, zone: zoneinfo.ZoneInfo) -> AgreementRow:
    """One agreement's row; `zone` is the office's, whose date the drafting (UTC) is told in."""
    (no, case_no, loan_no, name, kind, status, debt, settled, waiver, n, due, created, signed,
     drafter, approver, aid, approver_id, drafter_id, approver_role) = values  # fmt: skip
    return AgreementRow(
        no,
        case_no,
        loan_no,
        name,
        str(kind.value if hasattr(kind, "value") else kind),
        str(status.value if hasattr(status, "value") else status),
        int(debt),
        int(settled),
        int(waiver),
        int(n),
        _date(due),
        _drafted(created, zone),
        _date(signed),
        drafter,
        approver,
        int(aid),
        ready=made_ready(approver_id, drafter_id, approver_role),
    )


def _with_ends(session: Session, rows: list[AgreementRow]) -> list[AgreementRow]:
    ends = ended_on(session, [r.id for r in rows if r.status in ENDINGS])
    return [replace(r, ended_on=ends[r.id]) if r.id in ends else r for r in rows]


# Sort keys the window's table may ask for.
SORT_KEYS = {
    "id": Agreement.id,
    "agreement_no": Agreement.agreement_no,
    "case_no": Case.case_no,
    "status": Agreement.status,
    "settled": Agreement.settled_amount,
    "waiver": Agreement.waiver_amount,
    "signed_on": Agreement.signed_on,
}


def agreement_ids(
    session: Session,
    user: User,
    *,
    status: str | AgreementStatus | None = None,
    search: str = "",
    sort: str = "id",
    descending: bool = True,
) -> list[int]:
    """Ids of the agreements the user may see, filtered and sorted in SQL (for the window)."""
    require(user, Permission.DRAFT_AGREEMENTS)
    wanted = parse_status(status)
    query = select(Agreement.id).join(Case, Case.id == Agreement.case_id)
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    query = where_status(query, wanted)
    text = search.strip().upper()
    if text:
        query = query.where(
            (Agreement.agreement_no.contains(text, autoescape=True))
            | (Case.case_no.contains(text, autoescape=True))
        )
    key = SORT_KEYS.get(sort, Agreement.id)
    query = query.order_by(ordered(key, descending), Agreement.id.desc())
    return list(session.scalars(query))


def agreement_rows(session: Session, user: User, ids: list[int]) -> dict[int, AgreementRow]:
    """The display rows of these agreements (one query per page of ids)."""
    require(user, Permission.DRAFT_AGREEMENTS)
    if not ids:
        return {}
    rows = session.execute(_query(user).where(Agreement.id.in_(list(ids))))
    zone = office_zone(session)
    return {row.id: row for row in _with_ends(session, [_row(r, zone) for r in rows])}


def list_agreements(
    session: Session,
    user: User,
    *,
    status: str | AgreementStatus | None = None,
    case_no: str | None = None,
    limit: int | None = None,
) -> list[AgreementRow]:
    """Agreements the user may see, newest first; agents see those on their own cases."""
    require(user, Permission.DRAFT_AGREEMENTS)
    wanted = parse_status(status)
    query = _query(user, wanted).order_by(Agreement.id.desc())
    if case_no:
        case = find_case(session, user, case_no)  # an unknown case, or another agent's, is said
        query = query.where(Agreement.case_id == case.id)
    if limit is not None:
        query = query.limit(limit)
    zone = office_zone(session)
    return _with_ends(session, [_row(r, zone) for r in session.execute(query)])


def agreement_detail(session: Session, user: User, agreement_no: str) -> AgreementDetail:
    """One agreement with its plan, for `agreement show` and the window."""
    require(user, Permission.DRAFT_AGREEMENTS)
    agreement = find_agreement(session, user, agreement_no)
    zone = office_zone(session)
    today = office_today(session)
    row = _row(session.execute(_query(user).where(Agreement.id == agreement.id)).one(), zone)
    [row] = _with_ends(session, [row])
    old = session.get(Agreement, agreement.supersedes_id) if agreement.supersedes_id else None
    reason = canceller = None
    refusal: CasedeskError | None = None
    if agreement.status is AgreementStatus.CANCELLED:
        reason = cancel_reason(session, agreement.agreement_no)
        canceller = _name(session, cancelled_by(session, agreement.agreement_no))
    threshold = waiver_threshold(session)
    needed = makes_ready = False
    sign_first = None
    if agreement.status is AgreementStatus.DRAFT:
        replaces = in_force_beside(session, agreement)
        needed = needs_approval(agreement, threshold, replaces)
        refusal = approval_refusal(user, agreement, threshold, replaces)
        makes_ready = would_make_ready(user, agreement.drafted_by_id, needed, refusal is not None)
        # What the Record signing button says: approve it first, or who must (as sign says).
        sign_first = not_approved_yet(user, agreement, needed, refusal).translated()
        if refusal is None:
            # A payment since the drafting, or a plan whose first days have gone by: approve
            # checks both again, so the button says so before anyone clicks.
            try:
                require_open_case(session, agreement)  # a case closed since (QA s47 #1)
                check_terms_hold(session, agreement, today)
            except ValidationError as stale:
                refusal = stale
    cannot_sign = None
    cannot_cancel = cancel_refusal(session, user, agreement)
    if agreement.status is AgreementStatus.APPROVED:  # sign checks them again, as of the signing
        cannot_sign = sign_blocker(session, user, agreement, today)
    stated_reason, stated_capacity = stated_words(session, agreement)  # the reader's language
    return AgreementDetail(
        row,
        agreement.version,
        stated_reason,
        stated_capacity,
        old.agreement_no if old else None,
        reason,
        agreement.waiver_amount > threshold,
        [
            PlanLine(i.seq, i.due_on, i.amount, i.paid_amount, line_status(agreement, i, today))
            for i in agreement.instalments
        ],
        refusal.translated() if refusal is not None else None,
        cannot_sign,
        _name(session, agreement.drafted_by_id),
        _name(session, agreement.approved_by_id),
        _drafted(agreement.approved_at, zone) if agreement.approved_at else None,
        agreement_legal_note(session, agreement),
        canceller,
        cannot_cancel.translated() if cannot_cancel is not None else None,
        needed,
        makes_ready,
        sign_first,
        waived_at_settlement(session, agreement.agreement_no),
        approval_lapse(session, agreement, zone),
    )


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else None


def status_label(status: str) -> str:
    return label(AGREEMENT_STATUS, status)
