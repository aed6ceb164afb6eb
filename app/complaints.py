"""Complaints (投诉): recorded with a numbered answer deadline, investigated, resolved.

An open complaint about a case pauses contact on it until a supervisor lifts the pause or the
complaint is resolved; every change that affects the pause refreshes that case at once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, settings
from app.audit_seal import case_borrower, personal
from app.auth import Permission, can, require
from app.cases.rebuild import rebuild_queue
from app.complaint_access import (
    OPEN,
    find_complaint,
    handle_refusal,
    investigator_refusal,
    note_refusal,
)
from app.complaint_detail import unstamped
from app.concurrency import saving, stale
from app.contacts import find_case
from app.erased import refuse_erased
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import Case, Complaint, ComplaintCategory, ComplaintStatus, Role, User
from app.models.base import utcnow
from app.notes import clean_text
from app.numbering import reserve
from app.office import office_today
from app.reasons import refuse_short
from app.user_names import user_named

SOURCES = ("borrower", "relative", "regulator", "other")
CHANNELS = ("phone", "letter", "visit", "online", "regulator")
# DOMAIN.md's defaults; the caller passes the rule set's figures.
ANSWER_DAYS = 15
COMPLEX_ANSWER_DAYS = 30


def complaint_number(year: int, n: int) -> str:
    return f"CP{year}-{n:06d}"


def _category(value: ComplaintCategory | str) -> ComplaintCategory:
    if isinstance(value, ComplaintCategory):
        return value
    try:
        return ComplaintCategory((value or "").strip().lower())
    except ValueError:
        raise ValidationError(
            "Unknown complaint category {value}; choose one of: {choices}.",
            value=value,
            choices=[c.value for c in ComplaintCategory],
        ) from None


def _user(session: Session, username: str, *, former: bool = False) -> User:
    """An active account by name; with `former`, one deactivated too (a complaint may be about
    an agent who has left: regulators forward them weeks later; found by QA)."""
    user = user_named(session, username)
    if user is None or not (user.active or former):
        raise NotFound("Unknown user {name}.", name=username)
    return user


def former_agents(session: Session) -> list[User]:
    """The agents whose accounts are deactivated, by name: a complaint may still be about them."""
    return list(
        session.scalars(
            select(User)
            .where(User.role == Role.AGENT, User.active.is_(False))
            .order_by(User.username)
        )
    )


def _handled(session: Session, actor: User, complaint_no: str) -> Complaint:
    """The complaint, for a supervisor or admin who may handle it (not one it is against)."""
    require(actor, Permission.HANDLE_COMPLAINTS)
    complaint = find_complaint(session, complaint_no)
    refusal = handle_refusal(actor, complaint)
    if refusal is not None:
        raise refusal
    return complaint


def _check_version(session: Session, complaint: Complaint, expected: int | None) -> None:
    """Refuse (StaleEdit, naming who and when) a complaint changed since the caller read it at
    `expected`: resolved, noted or its pause lifted by someone else. None checks nothing (the
    CLI reads and acts at once)."""
    if expected is not None and expected != complaint.version:
        raise stale(session, "Complaint", complaint.complaint_no)


def _require_open(complaint: Complaint) -> None:
    if complaint.status not in OPEN:
        raise ValidationError("Complaint {number} is closed.", number=complaint.complaint_no)


def _refresh_case(session: Session, complaint: Complaint) -> None:
    """Rebuild the complaint's case so it shows paused / un-paused at once, as of the queue's
    date (the whole office's), not the complaint's day."""
    if complaint.case_id is None:
        return
    case = session.get(Case, complaint.case_id)
    if case is None:
        return
    rebuild_queue(session, None, settings.as_of(session), loan_ids=[case.loan_id])
    session.expire(case)  # the rebuild writes through Core, past the identity map


def answer_periods(session: Session) -> tuple[int, int]:
    """Days to answer a complaint (standard, complex), from the office's rule set."""
    from app.compliance import active_ruleset

    ruleset, _ = active_ruleset(session)
    return (
        int(ruleset.param("complaint_deadlines", "answer_days", ANSWER_DAYS)),
        int(ruleset.param("complaint_deadlines", "complex_answer_days", COMPLEX_ANSWER_DAYS)),
    )


def record_complaint(
    session: Session,
    actor: User,
    *,
    case_no: str | None,
    agent_username: str | None,
    received_on: dt.date,
    source: str,
    channel: str,
    category: ComplaintCategory | str,
    description: str,
    complex: bool = False,
    answer_days: int | None = None,
    complex_answer_days: int | None = None,
    today: dt.date | None = None,
) -> Complaint:
    """Record a complaint with its answer deadline; one about a case pauses contact on it."""
    require(actor, Permission.RECORD_COMPLAINTS)
    today = today or office_today(session)
    if received_on > today:
        raise ValidationError(
            "A complaint cannot be received in the future: {date}.", date=received_on
        )
    text = clean_text(description)
    if not text:
        raise ValidationError("A complaint needs a description.")
    clean_source = (source or "").strip().lower()
    if clean_source not in SOURCES:
        raise ValidationError(
            "Unknown complaint source {value}; choose one of: {choices}.",
            value=source,
            choices=list(SOURCES),
        )
    clean_channel = (channel or "").strip().lower()
    if clean_channel not in CHANNELS:
        raise ValidationError(
            "Unknown complaint channel {value}; choose one of: {choices}.",
            value=channel,
            choices=list(CHANNELS),
        )
    kind = _category(category)
    standard, longer = answer_periods(session)
    days = (complex_answer_days or longer) if complex else (answer_days or standard)
    if days <= 0:
        raise ValidationError("The answer period must be at least one day.")
    # Only on a case the actor may see (agents: their own); supervisors and admins on any.
    case = find_case(session, actor, case_no) if case_no and case_no.strip() else None
    named = (agent_username or "").strip()
    agent = _user(session, named, former=True) if named else None
    if case is None and agent is None:
        raise ValidationError("A complaint concerns a case, an agent, or both.")
    if case is not None:  # its text is about the borrower, whose erasure blanked all the rest
        refuse_erased(session, case.loan.borrower_id)
        # A typo's year (found by QA: 2020 for 2026). Not the case's opening: a book imported
        # today opens its cases today, and an earlier complaint is still entered.
        if received_on < case.loan.disbursed_on:
            raise ValidationError(
                "A complaint about case {case} cannot be received before its loan {loan} was "
                "disbursed on {date}.",
                case=case.case_no,
                loan=case.loan.loan_no,
                date=case.loan.disbursed_on.isoformat(),
            )
    if case is None and not can(actor, Permission.VIEW_ALL_CASES):
        # An agent records what a borrower of theirs said: on one of their cases, as the
        # window's case page offers it (QA: one recorded a complaint against a supervisor).
        raise PermissionDenied(
            "{user} records complaints only on the cases assigned to them: name the case.",
            user=actor.username,
        )
    n = reserve(session, "complaint_no")
    complaint = Complaint(
        complaint_no=complaint_number(received_on.year, n),
        case_id=case.id if case else None,
        agent_id=agent.id if agent else None,
        received_on=received_on,
        source=clean_source,
        channel=clean_channel,
        category=kind,
        complex=complex,
        deadline_on=received_on + dt.timedelta(days=days),
        status=ComplaintStatus.OPEN,
        description=text,
        investigation_notes="",
        outcome="",
        pauses_contact=case is not None,
    )
    session.add(complaint)
    session.flush()
    audit.record(
        session,
        actor,
        "complaint.record",
        "complaint",
        complaint.complaint_no,
        {
            "case": case.case_no if case else None,
            "agent": agent.username if agent else None,
            "category": kind.value,
            "source": clean_source,
            "channel": clean_channel,
            "received_on": received_on.isoformat(),
            "deadline_on": complaint.deadline_on.isoformat(),
        },
    )
    _refresh_case(session, complaint)
    return complaint


def _append_note(complaint: Complaint, author: User, text: str) -> None:
    stamp = utcnow().strftime("%Y-%m-%d %H:%M UTC")
    line = f"[{stamp}] {author.username}: {unstamped(text)}"
    notes = complaint.investigation_notes or ""
    complaint.investigation_notes = f"{notes}\n{line}" if notes else line


def assign_complaint(
    session: Session, actor: User, complaint_no: str, agent_username: str
) -> Complaint:
    """Name the investigator (kept in the notes and the audit) and start the investigation."""
    complaint = _handled(session, actor, complaint_no)
    _require_open(complaint)
    if not (agent_username or "").strip():
        raise ValidationError("Choose who investigates the complaint.")
    investigator = _user(session, agent_username)
    refusal = investigator_refusal(session, investigator, complaint)
    if refusal is not None:
        raise refusal
    with saving(session, "Complaint", complaint.complaint_no):
        complaint.status = ComplaintStatus.INVESTIGATING
        _append_note(complaint, actor, f"investigator: {investigator.username}")
    audit.record(
        session,
        actor,
        "complaint.assign",
        "complaint",
        complaint.complaint_no,
        {"investigator": investigator.username, "investigator_id": investigator.id},
    )
    return complaint


def add_note(session: Session, actor: User, complaint_no: str, text: str) -> Complaint:
    """Append a dated, signed line to an open complaint's investigation notes."""
    require(actor, Permission.RECORD_COMPLAINTS)
    complaint = find_complaint(session, complaint_no)
    refusal = note_refusal(session, actor, complaint)
    if refusal is not None:
        raise refusal
    clean = clean_text(text)
    if not clean:
        raise ValidationError("A note cannot be empty.")
    with saving(session, "Complaint", complaint.complaint_no):
        _append_note(complaint, actor, clean)
    audit.record(session, actor, "complaint.note", "complaint", complaint.complaint_no)
    return complaint


def _lift(complaint: Complaint, actor: User) -> bool:
    if complaint.pauses_contact and complaint.pause_lifted_at is None:
        complaint.pause_lifted_by_id = actor.id
        complaint.pause_lifted_at = utcnow()
        return True
    return False


def resolve_complaint(
    session: Session,
    actor: User,
    complaint_no: str,
    outcome: str,
    upheld: bool,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Close a complaint (upheld: resolved; not upheld: rejected); this also lifts its pause.
    `expected_version`: the complaint as the supervisor saw it, so one another supervisor
    resolved, noted or un-paused since is refused, never overwritten unseen."""
    complaint = _handled(session, actor, complaint_no)
    _check_version(session, complaint, expected_version)
    _require_open(complaint)
    text = clean_text(outcome)
    if not text:
        raise ValidationError("Closing a complaint needs its outcome.")
    today = today or office_today(session)
    if today < complaint.received_on:
        raise ValidationError(
            "A complaint cannot close before it was received ({date}).",
            date=complaint.received_on,
        )
    with saving(session, "Complaint", complaint.complaint_no):
        complaint.status = ComplaintStatus.RESOLVED if upheld else ComplaintStatus.REJECTED
        complaint.outcome = text
        complaint.closed_on = today
        lifted = _lift(complaint, actor)
    audit.record(
        session,
        actor,
        "complaint.resolve",
        "complaint",
        complaint.complaint_no,
        {
            "status": complaint.status.value,
            "upheld": upheld,
            "closed_on": today.isoformat(),
            "late": today > complaint.deadline_on,
            "pause_lifted": lifted,
        },
    )
    _refresh_case(session, complaint)
    return complaint


def lift_pause(
    session: Session,
    actor: User,
    complaint_no: str,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Complaint:
    """Let contact resume on the case while the complaint stays open (supervisor or admin);
    `expected_version`: as for `resolve_complaint`."""
    complaint = _handled(session, actor, complaint_no)
    _check_version(session, complaint, expected_version)
    clean = clean_text(reason)
    if not clean:
        raise ValidationError("Lifting a pause needs a reason.")
    refuse_short(clean)
    with saving(session, "Complaint", complaint.complaint_no):
        if complaint.status not in OPEN or not _lift(complaint, actor):
            raise ValidationError(
                "Complaint {number} does not pause contact.", number=complaint.complaint_no
            )
        _append_note(complaint, actor, f"pause lifted: {clean}")
    audit.record(
        session,
        actor,
        "complaint.lift_pause",
        "complaint",
        complaint.complaint_no,
        {"reason": personal(session, case_borrower(session, complaint.case_id), clean)},
    )
    _refresh_case(session, complaint)
    return complaint
