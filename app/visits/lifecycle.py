"""The visit's steps besides booking: request, verify, check in and cancel (check-out and
no-show: app/visits/checkout.py). Each step is allowed from its listed statuses only,
timestamped, audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.addresses import full_address
from app.audit_seal import case_borrower, personal
from app.auth import Permission, can, require
from app.concurrency import saving, stale
from app.contacts import find_case
from app.country_data import office_country
from app.erased import refuse_erased
from app.errors import CasedeskError, PermissionDenied, ValidationError
from app.models import Address, Case, CaseStatus, Loan, User, Visit, VisitStatus
from app.models.base import utcnow
from app.notes import clean_text, limited
from app.numbering import reserve
from app.office import office_day, office_zone
from app.postcodes import with_postcode
from app.reasons import refuse_short
from app.visits.common import (
    CANCELLABLE,
    OPEN,
    SEQUENCE,
    find_visit,
    needs_approval,
    on_team,
    refresh_case,
    refuse_legal,
    require_status,
    utc,
    visit_number,
    when,
)
from app.visits.no_check_in import missed_check_ins, missed_refusal
from app.visits.quiet_check_in import require_outside_quiet_hours
from app.visits.slot import require_in_slot, require_not_paused
from app.visits.team_check import gone_refusal, staffing_refusal

MAX_ADDRESS = 300  # Visit.address's length


def home_address(session: Session, borrower_id: int) -> str:
    """Where a visit goes unless told otherwise: the borrower's home address, else the first on
    file, written whole in the office's order (app/addresses.py; "" when none)."""
    rows = session.scalars(
        select(Address).where(Address.borrower_id == borrower_id).order_by(Address.id)
    ).all()
    homes = [a for a in rows if a.kind == "home"] or list(rows)
    return _whole(session, homes[0]) if homes else ""


def work_address(session: Session, borrower_id: int) -> str:
    """Where a visit at the borrower's place of work goes: their work address written whole
    ("" when none)."""
    first = session.scalars(
        select(Address)
        .where(Address.borrower_id == borrower_id, Address.kind == "work")
        .order_by(Address.id)
        .limit(1)
    ).first()
    return _whole(session, first) if first is not None else ""


def _whole(session: Session, a: Address) -> str:
    """The address with its city, province and postcode; the line and postcode alone should the
    whole not fit the visit's MAX_ADDRESS (a 300-character line leaves no room for the town)."""
    whole = full_address(a.line, a.city, a.province, a.postcode, office_country(session))
    return whole if len(whole) <= MAX_ADDRESS else with_postcode(a.line, a.postcode)


def request_checks(session: Session, user: User, case_no: str) -> tuple[Case, Loan]:
    """The case and its loan once a visit may be requested on it: the user may book visits, the
    case is open, its contract has the home-visit clause and no visit is open on it. The visit
    dialog runs these before it opens, so a refusal is said before anything is filled in."""
    require(user, Permission.BOOK_VISITS)
    case = find_case(session, user, case_no)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError("Case {case} is closed.", case=case.case_no)
    loan = session.get(Loan, case.loan_id)
    assert loan is not None
    refuse_erased(session, loan.borrower_id)
    refuse_legal(case, loan)
    if not loan.home_visit_consent:
        raise ValidationError(
            "The contract of loan {loan} has no home-visit clause; no visit can be requested.",
            loan=loan.loan_no,
        )
    open_no = session.scalar(
        select(Visit.visit_no).where(Visit.case_id == case.id, Visit.status.in_(OPEN))
    )
    if open_no is not None:
        # One booked whose time passed with no check-in is named with what ends it (QA).
        stale = missed_check_ins(session, case_id=case.id)
        if stale:
            raise missed_refusal(case.case_no, stale[0], office_zone(session))
        raise ValidationError(
            "Case {case} already has visit {number} under way; finish or cancel it first.",
            case=case.case_no,
            number=open_no,
        )
    return case, loan


def request_visit(
    session: Session, user: User, case_no: str, *, address: str | None = None
) -> Visit:
    """Step 0: ask for a visit on a case whose contract allows home visits (borrower's address)."""
    case, loan = request_checks(session, user, case_no)
    line = (address or "").strip() or home_address(session, loan.borrower_id)
    if not line:
        raise ValidationError("The borrower has no address on file; give the visit's address.")
    line = limited(
        line, MAX_ADDRESS, "The visit's address is too long: {count} characters, at most {max}."
    )
    now = utcnow()
    n = reserve(session, SEQUENCE)
    visit = Visit(
        visit_no=visit_number(now.year, n),
        case_id=case.id,
        status=VisitStatus.REQUESTED,
        address=line,
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
    # Said to `user` themselves (the window's tool tip, the CLI's refusal): not of "agent02".
    return PermissionDenied(
        "You are not on visit {number}'s team: its agents or a supervisor record it.",
        number=visit_no,
    )


def require_team(session: Session, visit: Visit, user: User) -> None:
    """Refuse `user` a step only the visit's team (or a supervisor) records."""
    refusal = team_refusal(user, visit.visit_no, on_team(session, visit, user))
    if refusal is not None:
        raise refusal


def _check_in_checks(
    session: Session, user: User, visit_no: str, at: dt.datetime | None
) -> tuple[Visit, dt.datetime]:
    """The visit and the moment of a check-in, once every check has passed."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, VisitStatus.BOOKED)
    require_team(session, visit, user)
    # Said before the approval it may wait for, as the visit sheet says it (QA s46): approving
    # it would not let it start.
    if (gone := gone_refusal(session, visit)) is not None:
        raise gone
    if needs_approval(session, visit):
        raise ValidationError(
            "Visit {number} waits for a supervisor's approval.", number=visit.visit_no
        )
    require_not_paused(session, visit)  # said first: the team must not go, whatever the time
    moment = when(session, at)
    if visit.booked_at is not None and moment < utc(visit.booked_at):
        raise ValidationError("A check-in cannot be before the booking.")
    require_in_slot(session, visit, moment)
    require_outside_quiet_hours(session, visit, moment)
    refusal = staffing_refusal(session, visit, office_day(session, moment))
    if refusal is not None:
        raise refusal
    return visit, moment


def check_in(
    session: Session, user: User, visit_no: str, *, at: dt.datetime | None = None
) -> Visit:
    """Step 3 starts: the team is at the door; the expected end is the booked end.

    Accepted from 2 hours before the booked start until the booked end, not inside the rule
    set's quiet hours for visits (app/visits/quiet_check_in.py), and not on a case paused by an
    open complaint (app/visits/slot.py); after the slot the visit is a no-show or rebooked
    (app/visits/checkout.py).
    """
    visit, moment = _check_in_checks(session, user, visit_no, at)
    with saving(session, "Visit", visit.visit_no):
        visit.checked_in_at = moment
        visit.status = VisitStatus.IN_PROGRESS
    audit.record(
        session, user, "visit.check_in", "visit", visit.visit_no, {"at": moment.isoformat()}
    )
    return visit


def check_in_refusal(
    session: Session, user: User, visit_no: str, *, at: dt.datetime | None = None
) -> CasedeskError | None:
    """Why `user` may not check the visit in at `at` (default now), None when they may: the
    checks `check_in` makes before it writes, for the Visits page's Check in."""
    try:
        _check_in_checks(session, user, visit_no, at)
    except CasedeskError as error:
        return error
    return None


def visit_cancel_text(reason: str | None) -> str:
    """A visit's cancellation reason as kept, or why it is refused: none given, too short (at
    least MIN_REASON, as cancelling an agreement: the audit trail says why in full) or too long
    (the Visits page asks again with what was typed)."""
    text = clean_text(reason)
    if not text:
        raise ValidationError("Cancelling a visit needs a reason.")
    refuse_short(text)
    return text


def cancel_visit(
    session: Session,
    user: User,
    visit_no: str,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Visit:
    """Cancel a visit not yet started, with the reason; `expected_version`: the visit as the
    user saw it, so one moved or restaffed since (another workstation) is refused, not
    cancelled unseen (found by QA)."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, *CANCELLABLE)
    if expected_version is not None and expected_version != visit.version:
        raise stale(session, "Visit", visit.visit_no)
    text = visit_cancel_text(reason)
    was = VisitStatus(visit.status)
    with saving(session, "Visit", visit.visit_no):
        visit.status = VisitStatus.CANCELLED
        visit.cancel_reason = text
    sealed = personal(session, case_borrower(session, visit.case_id), text)
    changes = {"from": was.value, "reason": sealed}
    audit.record(session, user, "visit.cancel", "visit", visit.visit_no, changes)
    if was is VisitStatus.BOOKED:
        case = session.get(Case, visit.case_id)
        assert case is not None
        refresh_case(session, case)
    return visit
