"""The case page's figures: the case's status and agent, its overdue split and score breakdown,
the borrower, the related people and the loan — with the case's story beside them
(app/queries/case_story.py), all in one CaseDetail for the case page and `case show`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.agreements.in_legal import case_legal_note
from app.auth import Permission, can
from app.cases.delinquency import loan_position
from app.cases.priority import FACTOR_LABELS, FACTOR_NOTES
from app.contacts import find_case, refuse_unassigned
from app.errors import NotFound, PermissionDenied
from app.i18n import tr
from app.models import Case, CaseStatus, User
from app.queries.borrowers import BorrowerDetail, borrower_detail
from app.queries.case_people import CasePerson, related_people
from app.queries.case_story import OfficeClock, TimelineItem, timeline
from app.queries.cases import last_contact_expr
from app.queries.loans import LoanDetail, loan_detail
from app.queue_row import waiting_words, waits_for_its_day
from app.visits.no_check_in import case_missed_note
from app.visits.team_gone import case_gone_note


@dataclass(frozen=True)
class Factor:
    key: str
    label: str  # translated
    points: int
    note: str = ""  # how the factor is reckoned, translated; "" where its name says it


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
    # A case in legal: its agreement in force and next instalment, or the breach that left it
    # in legal (app/agreements/in_legal.py), in the viewer's language.
    legal_note: str | None = None
    # Why no agreement can be drafted on it now (one in progress, the loan closed), in the
    # viewer's language; None when one can (or the viewer drafts none).
    cannot_draft: str | None = None
    related_people: list[CasePerson] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    # Where the queue lists it, when not among the cases due now for its score: "Waiting until
    # <date>: …" (Case.waiting), in the viewer's language; None for a case due now or closed.
    queue_place: str | None = None
    # Its booked visit whose time passed with no check-in, or whose team must be staffed anew,
    # and what to do (the status still reads "Visit booked"), in the viewer's language; None when
    # there is none.
    visit_note: str | None = None


def _find_case(session: Session, user: User, case_ref: int | str) -> Case:
    """By id (the pages), or by the number as typed (`case show`), as every use case finds it."""
    if not isinstance(case_ref, int):
        return find_case(session, user, case_ref)
    case = session.get(Case, case_ref)
    if case is None:
        raise NotFound("Unknown case {case}.", case=case_ref)
    refuse_unassigned(user, case)
    return case


def may_open(session: Session, user: User, case_ref: int | str) -> bool:
    """Whether `user` may open the case, as `case_detail` finds it, without a refusal said (a
    window re-created for another role reopens its case only if so, QA s47 O #2)."""
    try:
        _find_case(session, user, case_ref)
    except (NotFound, PermissionDenied):
        return False
    return True


def breakdown_factors(breakdown: dict[str, Any] | None, lang: str | None = None) -> list[Factor]:
    """The score's factors with translated labels, biggest contribution first."""
    items = [(k, int(v)) for k, v in (breakdown or {}).items()]
    items.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    return [
        Factor(
            k,
            tr(FACTOR_LABELS[k], lang) if k in FACTOR_LABELS else k,
            v,
            tr(FACTOR_NOTES[k], lang) if k in FACTOR_NOTES else "",
        )
        for k, v in items
    ]


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
    clock = OfficeClock(session)
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
        # Every figure as of the queue date, the parts adding up to the whole: not the stored
        # case's, which a closed case keeps from its last open rebuild and an open one holds
        # from the day it was last rebuilt (the work queue's notice says when that differs).
        dpd=position.dpd,
        bucket=position.bucket,
        amount_overdue=position.amount_overdue,
        overdue_principal=position.overdue_principal,
        overdue_interest=position.overdue_interest,
        overdue_fee=position.overdue_fee,
        score=case.score,
        breakdown=breakdown_factors(case.score_breakdown, lang),
        paused=case.paused,
        last_contact_at=session.scalar(select(last_contact_expr()).where(Case.id == case.id)),
        borrower=borrower_detail(session, loan.borrower_id, lang),
        loan=loan,
        timezone=clock.name,
        related_people=related_people(session, loan.borrower_id),
        timeline=timeline(session, case, loan, lang, clock),
        legal_note=case_legal_note(session, case, lang),
        cannot_draft=_cannot_draft(session, user, case, lang),
        queue_place=queue_place(case, lang),
        visit_note=None if case.status is CaseStatus.CLOSED else _visit_note(session, case, lang),
    )


def _visit_note(session: Session, case: Case, lang: str | None) -> str | None:
    """The case's booked visit never checked in, and one whose team must be staffed anew (an
    account on it deactivated, or no longer an agent): what each is and what to do."""
    notes = [case_missed_note(session, case.id, lang), case_gone_note(session, case.id, lang)]
    return "\n".join(note for note in notes if note) or None


def queue_place(case: Case, lang: str | None = None) -> str | None:
    """Why an open case is listed below the cases due now: it waits for its next action's day
    (a held case — paused, legal — says so in its breakdown); None when it is due now."""
    if case.status is CaseStatus.CLOSED or case.next_action_on is None:
        return None
    if not waits_for_its_day(case.waiting, case.status):
        return None
    return waiting_words(case.next_action_on, lang)


def _cannot_draft(session: Session, user: User, case: Case, lang: str | None) -> str | None:
    """Why `user` could not draft an agreement on `case` now, as a draft would be refused."""
    from app.agreements.drafting import case_refusal

    if case.status is CaseStatus.CLOSED or not can(user, Permission.DRAFT_AGREEMENTS):
        return None  # closed: the page says so already; no drafting: the button is hidden
    refusal = case_refusal(session, case, user)
    return refusal.translated(lang) if refusal is not None else None
