"""The visit's steps besides booking: request, verify, check in, check out or no-show, cancel,
and incident reports. Each step is allowed from its listed statuses only, timestamped, audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, can, require
from app.concurrency import saving
from app.contacts import find_case
from app.errors import PermissionDenied, ValidationError
from app.models import (
    Address,
    Case,
    CaseStatus,
    Channel,
    ContactAttempt,
    DefaultReason,
    Loan,
    Outcome,
    Party,
    Promise,
    User,
    VerdictKind,
    Visit,
    VisitStatus,
)
from app.models.base import utcnow
from app.notes import clean_notes
from app.numbering import reserve
from app.visits.common import (
    CANCELLABLE,
    MAX_MINUTES_SPENT,
    OPEN,
    SEQUENCE,
    find_visit,
    needs_approval,
    on_team,
    refresh_case,
    require_status,
    utc,
    visit_number,
    when,
)
from app.visits.slot import office_time, require_in_slot, require_not_paused


def home_address(session: Session, borrower_id: int) -> str:
    """Where a visit goes unless told otherwise: the borrower's home address, else the first on
    file ("" when none)."""
    lines = session.execute(
        select(Address.kind, Address.line).where(Address.borrower_id == borrower_id)
    ).all()
    homes = [text for kind, text in lines if kind == "home"] or [text for _, text in lines]
    return homes[0] if homes else ""


def request_visit(
    session: Session, user: User, case_no: str, *, address: str | None = None
) -> Visit:
    """Step 0: ask for a visit on a case whose contract allows home visits (borrower's address)."""
    require(user, Permission.BOOK_VISITS)
    case = find_case(session, user, case_no)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError("Case {case} is closed.", case=case.case_no)
    loan = session.get(Loan, case.loan_id)
    assert loan is not None
    if not loan.home_visit_consent:
        raise ValidationError(
            "The contract of loan {loan} has no home-visit clause; no visit can be requested.",
            loan=loan.loan_no,
        )
    open_no = session.scalar(
        select(Visit.visit_no).where(Visit.case_id == case.id, Visit.status.in_(OPEN))
    )
    if open_no is not None:
        raise ValidationError(
            "Case {case} already has visit {number} under way; finish or cancel it first.",
            case=case.case_no,
            number=open_no,
        )
    line = (address or "").strip() or home_address(session, loan.borrower_id)
    if not line:
        raise ValidationError("The borrower has no address on file; give the visit's address.")
    now = utcnow()
    n = reserve(session, SEQUENCE)
    visit = Visit(
        visit_no=visit_number(now.year, n),
        case_id=case.id,
        status=VisitStatus.REQUESTED,
        address=line[:300],
        created_at=now,
        created_by_id=user.id,
    )
    session.add(visit)
    session.flush()
    audit.record(session, user, "visit.request", "visit", visit.visit_no, {"case": case.case_no})
    return visit


def verify_visit(
    session: Session,
    user: User,
    visit_no: str,
    *,
    identity: bool,
    address: bool,
    phone: bool,
    now: dt.datetime | None = None,
) -> Visit:
    """Step 1 (信息核实): each check recorded; identity and address must both be confirmed."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, VisitStatus.REQUESTED)
    if not (identity and address):
        raise ValidationError(
            "Confirm the borrower's identity and address before the visit can be booked."
        )
    with saving(session, "Visit", visit.visit_no):
        visit.identity_verified = True
        visit.address_verified = True
        visit.phone_verified = bool(phone)
        visit.verified_at = when(session, None, now)
        visit.verified_by_id = user.id
        visit.status = VisitStatus.VERIFIED
    audit.record(
        session,
        user,
        "visit.verify",
        "visit",
        visit.visit_no,
        {"identity": True, "address": True, "phone": bool(phone)},
    )
    return visit


def team_refusal(user: User, visit_no: str, on_the_team: bool) -> PermissionDenied | None:
    """Why `user` may not check the visit in or out (None when they may): only the agents on
    the visit, or a supervisor, record what happened there."""
    if on_the_team or can(user, Permission.APPROVE_VISITS):
        return None
    return PermissionDenied("{user} is not on visit {number}.", user=user.username, number=visit_no)


def _require_team(session: Session, visit: Visit, user: User) -> None:
    refusal = team_refusal(user, visit.visit_no, on_team(session, visit, user))
    if refusal is not None:
        raise refusal


def check_in(
    session: Session, user: User, visit_no: str, *, at: dt.datetime | None = None
) -> Visit:
    """Step 3 starts: the team is at the door; the expected end is the booked end.

    Accepted from 2 hours before the booked start until the booked end, and not on a case paused
    by an open complaint (app/visits/slot.py); after the slot the visit is a no-show or rebooked.
    """
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, VisitStatus.BOOKED)
    _require_team(session, visit, user)
    if needs_approval(session, visit):
        raise ValidationError(
            "Visit {number} waits for a supervisor's approval.", number=visit.visit_no
        )
    moment = when(session, at)
    if visit.booked_at is not None and moment < utc(visit.booked_at):
        raise ValidationError("A check-in cannot be before the booking.")
    require_in_slot(session, visit, moment)
    require_not_paused(session, visit)
    with saving(session, "Visit", visit.visit_no):
        visit.checked_in_at = moment
        visit.status = VisitStatus.IN_PROGRESS
    audit.record(
        session, user, "visit.check_in", "visit", visit.visit_no, {"at": moment.isoformat()}
    )
    return visit


def _reason(value: DefaultReason | str) -> DefaultReason:
    try:
        return DefaultReason((value.value if isinstance(value, DefaultReason) else value).strip())
    except ValueError:
        raise ValidationError(
            "Unknown reason for default {value}; choose one of: {choices}.",
            value=value,
            choices=", ".join(r.value for r in DefaultReason),
        ) from None


def _cost(session: Session, travel_cost: int | None, hours_minutes: int | None) -> tuple[int, int]:
    """The entered cost, else the office's defaults; negative figures refused."""
    travel = (
        int(settings.get(session, "visit.default_travel_cost"))
        if travel_cost is None
        else travel_cost
    )
    minutes = (
        int(settings.get(session, "visit.default_hours_minutes"))
        if hours_minutes is None
        else hours_minutes
    )
    if travel < 0 or minutes < 0:
        raise ValidationError("Travel cost and hours cannot be negative.")
    if minutes > MAX_MINUTES_SPENT:
        raise ValidationError(
            "The time spent on a visit is at most {max} minutes (24 hours), not {minutes}.",
            max=f"{MAX_MINUTES_SPENT:,}",
            minutes=f"{minutes:,}",
        )
    return travel, minutes


def _finish_checks(
    session: Session, user: User, visit_no: str, at: dt.datetime | None, *, missed: bool = False
) -> tuple[Visit, dt.datetime]:
    """The in-progress visit and the check-out time (not before the check-in); with `missed` (a
    no-show) also a booked visit whose start has passed: nobody opened, so no check-in."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    if missed and visit.status is VisitStatus.BOOKED and visit.scheduled_start is not None:
        _require_team(session, visit, user)
        moment = when(session, at)
        if moment < utc(visit.scheduled_start):
            raise ValidationError(
                "Visit {number} is booked for {start}; a no-show is recorded once that time has "
                "come.",
                number=visit.visit_no,
                start=office_time(session, visit.scheduled_start),
            )
        return visit, moment
    if visit.status is VisitStatus.BOOKED:
        raise ValidationError(
            "Visit {number} has not been checked in; check in before checking out.",
            number=visit.visit_no,
        )
    require_status(visit, VisitStatus.IN_PROGRESS)
    _require_team(session, visit, user)
    moment = when(session, at)
    assert visit.checked_in_at is not None
    if moment < utc(visit.checked_in_at):
        raise ValidationError(
            "A check-out cannot be before the check-in ({time}).",
            time=office_time(session, visit.checked_in_at),
        )
    return visit, moment


def _contact_line(session: Session, visit: Visit, user: User, outcome: Outcome, notes: str) -> None:
    """The contact-attempt line a visit leaves in the case history (counts as a conversation),
    at the check-in (a no-show without one: the booked start)."""
    begun = visit.checked_in_at or visit.scheduled_start
    assert begun is not None
    session.add(
        ContactAttempt(
            case_id=visit.case_id,
            agent_id=user.id,
            channel=Channel.VISIT,
            party=Party.BORROWER,
            at=utc(begun),
            outcome=outcome,
            notes=notes[:500],
            verdict=VerdictKind.ALLOWED,
        )
    )


def check_out(
    session: Session,
    user: User,
    visit_no: str,
    *,
    default_reason: DefaultReason | str,
    capacity_note: str = "",
    proposal: str = "",
    notes: str = "",
    next_step: str = "",
    promise: tuple[int, dt.date] | None = None,
    travel_cost: int | None = None,
    hours_minutes: int | None = None,
    at: dt.datetime | None = None,
) -> tuple[Visit, Promise | None]:
    """Step 3 ends: the outcome (reason for default, capacity, proposal, next step), an optional
    promise to pay, and the cost (travel, hours; the office's defaults when not given)."""
    visit, moment = _finish_checks(session, user, visit_no, at)
    reason = _reason(default_reason)
    travel, minutes = _cost(session, travel_cost, hours_minutes)
    # Each as long as a contact's notes at most: checked before anything is written.
    capacity_note, proposal, notes = (clean_notes(t) for t in (capacity_note, proposal, notes))
    case = session.get(Case, visit.case_id)
    assert case is not None
    with saving(session, "Visit", visit.visit_no):
        visit.checked_out_at = moment
        visit.status = VisitStatus.COMPLETED
        visit.default_reason = reason
        visit.capacity_note = capacity_note
        visit.proposal = proposal
        visit.notes = notes
        visit.next_step = next_step.strip()[:200]
        visit.travel_cost = travel
        visit.hours_minutes = minutes
    _contact_line(session, visit, user, Outcome.CONNECTED, visit.notes)
    made = None
    if promise is not None:
        from app.promises import create_promise, made_on
        from app.queries.visits import office_zone

        day = made_on(moment, office_zone(session))  # the office's day, not UTC's
        made = create_promise(
            session, user, case, promise[0], promise[1], visit_id=visit.id, today=day
        )
    audit.record(
        session,
        user,
        "visit.check_out",
        "visit",
        visit.visit_no,
        {
            "at": moment.isoformat(),
            "default_reason": reason.value,
            "travel_cost": travel,
            "hours_minutes": minutes,
            "promise_id": made.id if made else None,
        },
    )
    refresh_case(session, case)
    return visit, made


def no_show(
    session: Session,
    user: User,
    visit_no: str,
    *,
    notes: str = "",
    travel_cost: int | None = None,
    hours_minutes: int | None = None,
    at: dt.datetime | None = None,
) -> Visit:
    """The team went but met nobody: the visit ends as a no-show (its cost still counts) — after a
    check-in, or from booked once the booked start has passed (nobody opened the door)."""
    visit, moment = _finish_checks(session, user, visit_no, at, missed=True)
    travel, minutes = _cost(session, travel_cost, hours_minutes)
    notes = clean_notes(notes)
    case = session.get(Case, visit.case_id)
    assert case is not None
    with saving(session, "Visit", visit.visit_no):
        visit.checked_out_at = moment
        visit.status = VisitStatus.NO_SHOW
        visit.notes = notes
        visit.travel_cost = travel
        visit.hours_minutes = minutes
    _contact_line(session, visit, user, Outcome.NO_ANSWER, visit.notes)
    audit.record(
        session,
        user,
        "visit.no_show",
        "visit",
        visit.visit_no,
        {"at": moment.isoformat(), "travel_cost": travel, "hours_minutes": minutes},
    )
    refresh_case(session, case)
    return visit


def cancel_visit(session: Session, user: User, visit_no: str, reason: str) -> Visit:
    """Cancel a visit not yet started, with the reason."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, *CANCELLABLE)
    text = (reason or "").strip()
    if not text:
        raise ValidationError("Cancelling a visit needs a reason.")
    was = VisitStatus(visit.status)
    with saving(session, "Visit", visit.visit_no):
        visit.status = VisitStatus.CANCELLED
        visit.cancel_reason = text
    audit.record(
        session, user, "visit.cancel", "visit", visit.visit_no, {"from": was.value, "reason": text}
    )
    if was is VisitStatus.BOOKED:
        case = session.get(Case, visit.case_id)
        assert case is not None
        refresh_case(session, case)
    return visit
