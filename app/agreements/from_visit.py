"""Drafting from a visit's outcome: what the borrower said at a completed home visit (the reason
for default, their capacity to pay, what was proposed) becomes the starting point of a draft
agreement on the visit's case, and the draft names the visit it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreements.drafting import case_refusal
from app.auth import Permission, can, require
from app.contacts import find_case
from app.errors import CasedeskError, PermissionDenied, ValidationError
from app.i18n import tr
from app.labels import DEFAULT_REASON, VISIT_STATUS, capital, label
from app.models import Agreement, AgreementStatus, Case, User, Visit, VisitStatus
from app.office import office_day, office_today, office_zone
from app.visits.common import find_visit

# How old a visit's outcome may be for a draft to start from it (on the case page, the Visits
# page, or with the CLI's --visit): one month, an instalment's cycle and the width of a DPD bucket
# (M1 is 1–30). After that another instalment has fallen due and the case has moved on, so what
# the borrower said about their reason and what they can pay is asked again (a call, another
# visit) rather than copied into new terms. No rule or office setting says how long a statement
# holds: the rule sets' 30-day visit period is how often a borrower may be visited, another
# question (an office that narrows it to a week would not want statements to go stale after one).
RECENT_VISIT_DAYS = 30


def recent_since(session: Session, today: dt.date) -> dt.datetime:
    """The earliest check-out (UTC) of a visit still recent on the office's `today`: the start
    of the office's day RECENT_VISIT_DAYS days before it."""
    first = today - dt.timedelta(days=RECENT_VISIT_DAYS)
    return dt.datetime.combine(first, dt.time(), office_zone(session)).astimezone(dt.UTC)


@dataclass(frozen=True)
class VisitStatement:
    """What a completed visit recorded, as a draft agreement's stated reason and capacity."""

    visit_no: str
    case_no: str
    reason: str
    capacity: str


def visit_statement(
    session: Session,
    user: User,
    visit_no: str,
    lang: str | None = None,
    *,
    today: dt.date | None = None,
) -> VisitStatement:
    """The visit's case and the borrower's statement from its outcome (in `lang`); refused for a
    visit that has no outcome yet, for one checked out more than RECENT_VISIT_DAYS office days
    before `today` (found by QA: the Visits page copied a year-old statement into new terms, which
    the case page no longer does), and for a user who may not draft agreements."""
    require(user, Permission.DRAFT_AGREEMENTS)
    visit = find_visit(session, user, visit_no)
    if visit.status is not VisitStatus.COMPLETED:
        raise ValidationError(
            "Visit {number} is {status}; an agreement is drafted from a completed visit's outcome.",
            number=visit.visit_no,
            status=label(VISIT_STATUS, visit.status),
        )
    since = recent_since(session, today or office_today(session))
    if visit.checked_out_at is not None and visit.checked_out_at < since:
        raise ValidationError(
            "Visit {number} was on {date}, more than {days} days ago: what the borrower said then "
            "is asked again (a call or another visit) before it becomes an agreement's terms, "
            "or the agreement is drafted without it.",
            number=visit.visit_no,
            date=office_day(session, visit.checked_out_at),
            days=RECENT_VISIT_DAYS,
        )
    case = session.get(Case, visit.case_id)
    assert case is not None  # a visit's case is never deleted
    reason = label(DEFAULT_REASON, visit.default_reason, lang) if visit.default_reason else ""
    capacity = [visit.capacity_note.strip()]
    if visit.proposal.strip():
        capacity.append(tr("Proposed at the visit: {proposal}", lang, proposal=visit.proposal))
    return VisitStatement(
        visit.visit_no,
        case.case_no,
        capital(reason),
        "\n".join(part for part in capacity if part),
    )


def case_visit_statement(
    session: Session,
    user: User,
    case_no: str,
    lang: str | None = None,
    *,
    today: dt.date | None = None,
) -> VisitStatement | None:
    """The statement of the case's latest completed visit, checked out within the last
    RECENT_VISIT_DAYS office days, that no agreement (but a cancelled one) was drafted from yet,
    or None: the case page's Draft agreement… starts from it, so the case's agent, who may not
    be on the visit's team, drafts from what the borrower said. A visit of this case only (not
    of an earlier case of the same loan); an older one leaves the dialog empty."""
    case = find_case(session, user, case_no)
    since = recent_since(session, today or office_today(session))
    used = select(Agreement.visit_id).where(
        Agreement.visit_id.is_not(None), Agreement.status != AgreementStatus.CANCELLED
    )
    visit_no = session.scalar(
        select(Visit.visit_no)
        .where(
            Visit.case_id == case.id,
            Visit.status == VisitStatus.COMPLETED,
            Visit.checked_out_at >= since,
            Visit.id.not_in(used),
        )
        .order_by(Visit.checked_out_at.desc(), Visit.id.desc())
        .limit(1)
    )
    return visit_statement(session, user, visit_no, lang) if visit_no else None


def draft_refusal(
    session: Session, user: User, visit_no: str, *, today: dt.date | None = None
) -> CasedeskError | None:
    """Why `user` may not draft an agreement from the visit's outcome on the office's `today`,
    None when they may. A team agent whose case it is not is told whose it is and where they
    draft it."""
    try:
        statement = visit_statement(session, user, visit_no, today=today)
    except CasedeskError as error:
        return error
    case = session.scalar(select(Case).where(Case.case_no == statement.case_no))
    assert case is not None
    if can(user, Permission.VIEW_ALL_CASES) or case.assigned_agent_id == user.id:
        # The case itself may refuse a draft (one in progress, found by QA: the Visits page's
        # Draft agreement… stayed on after the draft was saved, and only a click said why).
        return case_refusal(session, case, user)
    agent = session.get(User, case.assigned_agent_id) if case.assigned_agent_id else None
    if agent is None:
        return PermissionDenied(
            "Case {case} is not assigned to you: a supervisor drafts the agreement from the "
            "outcome of visit {visit}, or assigns the case first.",
            case=case.case_no,
            visit=statement.visit_no,
        )
    return PermissionDenied(
        "Case {case} is {agent}'s: {agent} drafts the agreement from the outcome of visit "
        "{visit} on the case page (Draft agreement…), or a supervisor does.",
        case=case.case_no,
        agent=agent.display_name,
        visit=statement.visit_no,
    )
