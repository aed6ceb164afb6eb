"""What the visit use cases share: numbers, finding a visit the user may see, status guards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, can
from app.errors import NotFound, PermissionDenied, ValidationError
from app.labels import VISIT_STATUS, label
from app.models import Case, CaseStatus, Loan, LoanStatus, User, Visit, VisitAgent, VisitStatus
from app.models.base import utcnow
from app.notes import limited
from app.typed_number import number_key

SEQUENCE = "visit_no"  # the demo office bumps the same sequence
OPEN = (VisitStatus.REQUESTED, VisitStatus.VERIFIED, VisitStatus.BOOKED, VisitStatus.IN_PROGRESS)
CANCELLABLE = (VisitStatus.REQUESTED, VisitStatus.VERIFIED, VisitStatus.BOOKED)
# Not yet started: a complaint's pause means the team must not go (app/visits/slot.py).
NOT_STARTED = CANCELLABLE
# A step timed a few minutes ahead of this computer's clock is a clock difference, not the future.
FUTURE_GRACE = dt.timedelta(minutes=5)
# The time spent on one visit that a check-out or no-show records: a day at most.
MAX_MINUTES_SPENT = 24 * 60
# A check-out's next step: as long as its column holds (String(200)), refused past it.
_NEXT_STEP_TYPE: Any = Visit.__table__.c.next_step.type
MAX_NEXT_STEP: int = _NEXT_STEP_TYPE.length
INCIDENT_KINDS = (
    "aggressive_dog",
    "verbal_abuse",
    "threat",
    "injury",
    "third_party_present",
    "vehicle",
    "other",
)


def visit_number(year: int, n: int) -> str:
    """V2026-000123."""
    return f"V{year}-{n:06d}"


def utc(at: dt.datetime) -> dt.datetime:
    """An aware UTC instant (a naive one read back from SQLite is UTC)."""
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def when(session: Session, at: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    """The time a step happened: given (with its time zone, not in the future) or now. A refusal
    names the time as the office reads it, whatever zone it was given in."""
    current = now or utcnow()
    if at is None:
        return utc(current)
    if at.tzinfo is None:
        raise ValidationError("A time needs a time zone, e.g. 2026-03-01T10:30+08:00.")
    if at > current + FUTURE_GRACE:
        from app.visits.slot import office_time  # slot imports this module

        raise ValidationError(
            "This step cannot be recorded in the future: {time}.", time=office_time(session, at)
        )
    return utc(at)


def clean_next_step(text: str | None) -> str:
    """A check-out's next step, trimmed; refused (nothing saved) past MAX_NEXT_STEP characters,
    as notes are past theirs (app/notes.py), never cut short."""
    return limited(
        text, MAX_NEXT_STEP, "The next step is too long: {count} characters, at most {max}."
    )


def on_team(session: Session, visit: Visit, user: User) -> bool:
    return (
        session.scalar(
            select(VisitAgent.id).where(
                VisitAgent.visit_id == visit.id, VisitAgent.agent_id == user.id
            )
        )
        is not None
    )


def find_visit(session: Session, user: User, visit_no: str) -> Visit:
    """The visit; agents see only visits on their cases or ones they are booked on."""
    visit = session.scalar(select(Visit).where(Visit.visit_no == number_key(visit_no)))
    if visit is None:
        raise NotFound("Unknown visit {number}.", number=visit_no)
    if not can(user, Permission.VIEW_ALL_CASES):
        case = session.get(Case, visit.case_id)
        if (case is None or case.assigned_agent_id != user.id) and not on_team(
            session, visit, user
        ):
            raise PermissionDenied(
                "{user} may open only visits on their own cases; {number} is not.",
                user=user.username,
                number=visit.visit_no,
            )
    return visit


def require_status(visit: Visit, *allowed: VisitStatus) -> None:
    """Refuse a step the visit's status does not allow, naming both."""
    if visit.status not in allowed:
        raise ValidationError(
            "Visit {number} is {status}; this step needs it to be {allowed}.",
            number=visit.visit_no,
            status=label(VISIT_STATUS, visit.status),
            allowed=" / ".join(label(VISIT_STATUS, s) for s in allowed),
        )


def approval_required(session: Session) -> bool:
    """Whether the office asks a supervisor to approve each booked visit (its setting)."""
    return bool(settings.get(session, "visit.approval_required"))


def needs_approval(session: Session, visit: Visit) -> bool:
    """Whether a booked visit still waits for a supervisor (office setting)."""
    return approval_required(session) and visit.approved_by_id is None


def refresh_case(session: Session, case: Case) -> None:
    """Bring the visit's case up to date at once (its status shows a booked visit)."""
    from app.cases.rebuild import rebuild_queue

    rebuild_queue(session, None, None, loan_ids=[case.loan_id])
    session.expire(case)


def visit_teams(session: Session, visit_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """visit id -> [(user name, display name)], the lead first."""
    teams: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for start in range(0, len(visit_ids), 900):
        chunk = visit_ids[start : start + 900]
        for visit_id, username, name in session.execute(
            select(VisitAgent.visit_id, User.username, User.display_name)
            .join(User, User.id == VisitAgent.agent_id)
            .where(VisitAgent.visit_id.in_(chunk))
            .order_by(VisitAgent.visit_id, VisitAgent.lead.desc(), VisitAgent.id)
        ):
            teams[visit_id].append((username, name))
    return teams


def refuse_legal(case: Case, loan: Loan) -> None:
    """No visit is requested or booked on a loan sent to legal: sending it closes the collection
    work (and is refused while a visit is open, so the two agree)."""
    if loan.status is LoanStatus.LEGAL or case.status is CaseStatus.LEGAL:
        raise ValidationError(
            "Loan {loan} is with legal: no visit can be requested or booked on case {case}. A "
            "supervisor recalls it from legal first if a visit is to be made.",
            loan=loan.loan_no,
            case=case.case_no,
        )
