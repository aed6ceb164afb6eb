"""A supervisor's approval of a booked visit, where the office asks for one
(visit.approval_required): check-in is refused until then. Not of one whose booked time has
passed with no check-in (app/visits/no_check_in.py): that one is moved or cancelled; nor of one
with a deactivated account on its team (app/visits/team_gone.py): that one is given a new team."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import case_borrower, personal
from app.auth import Permission, require
from app.concurrency import saving
from app.errors import ValidationError
from app.models import User, Visit, VisitStatus
from app.visits.common import find_visit, require_status, visit_teams
from app.visits.no_check_in import refuse_approving_missed
from app.visits.team_gone import deactivated_members, names_of


def approve_visit(session: Session, supervisor: User, visit_no: str, note: str = "") -> Visit:
    """A supervisor approves a booked visit that waits for approval (office setting)."""
    require(supervisor, Permission.APPROVE_VISITS)
    visit = find_visit(session, supervisor, visit_no)
    require_status(visit, VisitStatus.BOOKED)
    if visit.approved_by_id is not None:
        raise ValidationError("Visit {number} is already approved.", number=visit.visit_no)
    refuse_approving_missed(session, visit)
    _refuse_approving_gone(session, visit)
    with saving(session, "Visit", visit.visit_no):
        visit.approved_by_id = supervisor.id
    sealed = personal(session, case_borrower(session, visit.case_id), note.strip())
    audit.record(session, supervisor, "visit.approve", "visit", visit.visit_no, {"note": sealed})
    return visit


def approve_refusal(session: Session, visit_no: str) -> ValidationError | None:
    """Why approving the visit would be refused for its time (passed with no check-in), or None:
    the Visits page turns Approve… off with it, as check_in_refusal does Check in."""
    visit = session.scalar(select(Visit).where(Visit.visit_no == visit_no))
    if visit is None:
        return None
    try:
        refuse_approving_missed(session, visit)
        _refuse_approving_gone(session, visit)
    except ValidationError as refused:
        return refused
    return None


def _refuse_approving_gone(session: Session, visit: Visit) -> None:
    """Refuse approving a booked visit with a deactivated account on its team: it could not start
    (QA s46: approving it read as ready to go)."""
    gone = deactivated_members(session, [visit.id]).get(visit.id, ())
    if not gone:
        return
    team = visit_teams(session, [visit.id]).get(visit.id, [])
    names = names_of(gone, [u for u, _ in team], [n for _, n in team])
    raise ValidationError(
        "Visit {number} has someone on its team who may no longer go on visits ({agents}: "
        "deactivated, or no longer an agent): reschedule it with a new team rather than approve "
        "it.",
        number=visit.visit_no,
        agents=list(names),
    )
