"""Field safety: a visit in progress past its expected end plus the grace period, with no
check-out, alerts the supervisor (dashboard, Visits page, CLI) until one resolves it with a note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app import audit, settings
from app.audit_seal import case_borrower, personal
from app.auth import Permission, can, require
from app.concurrency import saving
from app.errors import ValidationError
from app.models import Borrower, Case, Loan, User, Visit, VisitAgent, VisitStatus
from app.models.base import utcnow
from app.notes import clean_text
from app.visits.common import find_visit, utc, visit_teams


@dataclass(frozen=True)
class LateVisit:
    visit_no: str
    case_no: str
    borrower: str
    agents: tuple[str, ...]  # user names, the lead first
    agent_names: tuple[str, ...]  # their display names, in the same order
    address: str
    scheduled_end: dt.datetime  # aware UTC
    checked_in_at: dt.datetime | None
    minutes_late: int  # past the expected end (not counting the grace)


def _grace(session: Session) -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.get(session, "visit.checkout_grace_minutes")))


FlaggedRow = tuple[Visit, str, str, tuple[str, ...], tuple[str, ...]]


def flagged_visits(session: Session, viewer: User | None, *where: Any) -> list[FlaggedRow]:
    """The visits matching `where` with their case number, borrower and team (user names and
    display names, the lead first), the oldest end first. With a `viewer` who may not see the
    office's cases (an agent), only the visits they are on the team of, as the dashboard counts
    them (the late check-outs here, app/visits/no_check_in.py's visits never checked in)."""
    query = (
        select(Visit, Case.case_no, Borrower.name)
        .join(Case, Case.id == Visit.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(*where)
        .order_by(Visit.scheduled_end, Visit.id)
    )
    if viewer is not None and not can(viewer, Permission.VIEW_ALL_CASES):
        query = query.where(
            exists().where(VisitAgent.visit_id == Visit.id, VisitAgent.agent_id == viewer.id)
        )
    rows = session.execute(query).all()
    teams = visit_teams(session, [visit.id for visit, _, _ in rows])
    return [
        (
            visit,
            case_no,
            borrower,
            tuple(username for username, _ in teams.get(visit.id, [])),
            tuple(name or username for username, name in teams.get(visit.id, [])),
        )
        for visit, case_no, borrower in rows
    ]


def late_visits(
    session: Session, now: dt.datetime | None = None, viewer: User | None = None
) -> list[LateVisit]:
    """Visits in progress whose expected end + grace has passed with no check-out and no
    supervisor's resolution, most overdue first. With a `viewer` who may not see the office's
    cases (an agent), only the visits they are on the team of, as the dashboard counts them."""
    current = utc(now or utcnow())
    cutoff = current - _grace(session)
    result = []
    for visit, case_no, borrower, agents, names in flagged_visits(
        session,
        viewer,
        Visit.status == VisitStatus.IN_PROGRESS,
        Visit.checked_out_at.is_(None),
        Visit.late_checkout_resolved_at.is_(None),
        Visit.scheduled_end < cutoff,
    ):
        assert visit.scheduled_end is not None
        end = utc(visit.scheduled_end)
        result.append(
            LateVisit(
                visit.visit_no,
                case_no,
                borrower,
                agents,
                names,
                visit.address,
                end,
                utc(visit.checked_in_at) if visit.checked_in_at else None,
                int((current - end).total_seconds() // 60),
            )
        )
    return result


def resolve_late(
    session: Session,
    supervisor: User,
    visit_no: str,
    note: str,
    *,
    now: dt.datetime | None = None,
) -> Visit:
    """A supervisor clears a late check-out alert, saying what they found (audited)."""
    require(supervisor, Permission.RESOLVE_VISIT_ALERTS)
    visit = find_visit(session, supervisor, visit_no)
    text = clean_text(note)
    if not text:
        raise ValidationError("Resolving an alert needs a note on what you found.")
    if visit.visit_no not in {v.visit_no for v in late_visits(session, now)}:
        raise ValidationError("Visit {number} has no late check-out alert.", number=visit.visit_no)
    moment = utc(now or utcnow())
    with saving(session, "Visit", visit.visit_no):
        visit.late_checkout_resolved_at = moment
        visit.late_checkout_note = text
    audit.record(
        session,
        supervisor,
        "visit.resolve_late",
        "visit",
        visit.visit_no,
        {
            "note": personal(session, case_borrower(session, visit.case_id), text),
            "at": moment.isoformat(),
        },
    )
    return visit
