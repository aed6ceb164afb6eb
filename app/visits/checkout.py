"""Step 3 ends: the check-out with the visit's outcome, or a no-show (the team went and met
nobody). Both leave a contact line in the case's history, record the cost, and are audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, require
from app.concurrency import saving
from app.errors import CasedeskError, ValidationError
from app.labels import DEFAULT_REASON, label
from app.models import (
    Case,
    Channel,
    ContactAttempt,
    DefaultReason,
    Outcome,
    Party,
    Promise,
    User,
    VerdictKind,
    Visit,
    VisitStatus,
)
from app.notes import clean_notes
from app.visits.common import (
    MAX_MINUTES_SPENT,
    clean_next_step,
    find_visit,
    needs_approval,
    refresh_case,
    require_status,
    utc,
    when,
)
from app.visits.lifecycle import require_team
from app.visits.slot import office_time, require_not_paused


def _reason(value: DefaultReason | str) -> DefaultReason:
    """The reason for default by its code, or by its name in English or Chinese (失业, job loss)."""
    if isinstance(value, DefaultReason):
        return value
    typed = value.strip().lower()
    for reason in DefaultReason:
        names = {label(DEFAULT_REASON, reason.value, lang).lower() for lang in ("en", "zh_CN")}
        if typed == reason.value or typed in names:
            return reason
    raise ValidationError(
        "Unknown reason for default {value}; choose one of: {choices}.",
        value=value,
        choices=[f"{r.value} ({label(DEFAULT_REASON, r.value)})" for r in DefaultReason],
    )


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
    no-show) also a booked visit whose start has passed: nobody opened, so no check-in. A booked
    visit is not recorded as a no-show on a case an open complaint pauses, as it is not checked
    in (the team must not go); one checked in before the pause ends as a check-out does."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    if missed:
        require_status(visit, VisitStatus.BOOKED, VisitStatus.IN_PROGRESS)
    if missed and visit.status is VisitStatus.BOOKED and visit.scheduled_start is not None:
        require_team(session, visit, user)
        moment = when(session, at)
        if moment < utc(visit.scheduled_start):
            raise ValidationError(
                "Visit {number} is booked for {start}; a no-show is recorded once that time has "
                "come.",
                number=visit.visit_no,
                start=office_time(session, visit.scheduled_start),
            )
        require_not_paused(session, visit)
        if needs_approval(session, visit):  # the team was not to go, as a check-in is refused
            raise ValidationError(
                "Visit {number} waits for a supervisor's approval.", number=visit.visit_no
            )
        return visit, moment
    if visit.status is VisitStatus.BOOKED:
        raise ValidationError(
            "Visit {number} has not been checked in; check in before checking out.",
            number=visit.visit_no,
        )
    require_status(visit, VisitStatus.IN_PROGRESS)
    require_team(session, visit, user)
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
            notes=notes,  # as long as a contact's notes at most (clean_notes)
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
    next_step = clean_next_step(next_step)  # refused past its column's length, never cut
    case = session.get(Case, visit.case_id)
    assert case is not None
    with saving(session, "Visit", visit.visit_no):
        visit.checked_out_at = moment
        visit.status = VisitStatus.COMPLETED
        visit.default_reason = reason
        visit.capacity_note = capacity_note
        visit.proposal = proposal
        visit.notes = notes
        visit.next_step = next_step
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
    check-in, or from booked once the booked start has passed (nobody opened the door) and while
    no open complaint pauses the case (as for a check-in)."""
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


def no_show_refusal(
    session: Session, user: User, visit_no: str, *, at: dt.datetime | None = None
) -> CasedeskError | None:
    """Why `user` may not record the visit as a no-show at `at` (default now), None when they
    may: the checks `no_show` makes before it writes, for the window's No-show… action."""
    try:
        _finish_checks(session, user, visit_no, at, missed=True)
    except CasedeskError as error:
        return error
    return None
