"""Booking a visit: the slot and the team, checked by the rule set inside the saving transaction
(agents double-booked or without travel time, the borrower already booked, quiet hours, holidays,
training, consent, stop flags, open complaints, too many visits) — all findings in one verdict.

Book in a session opened with `Database.session(write_lock=True)`: the write lock is taken before
the diary is read, so two workstations cannot book the same agent into the same slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import case_borrower
from app.auth import Permission, require
from app.compliance.gate import judge, may_save, record_block
from app.compliance.model import Action, Verdict
from app.concurrency import saving
from app.errors import ValidationError
from app.models import (
    Case,
    Channel,
    FlaggedBooking,
    Party,
    User,
    VerdictKind,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.models.base import utcnow
from app.visits.common import (
    find_visit,
    needs_approval,
    refresh_case,
    refuse_legal,
    require_status,
    utc,
)
from app.visits.quiet_consent import (
    QuietAgreement,
    audit_details,
    checked_agreement,
    keep_agreement,
    kept_agreement,
)
from app.visits.slot import office_time, require_real_time
from app.visits.team_members import agent_users

MIN_MINUTES, MAX_MINUTES = 15, 480
# What a visit's verdict was on, as the compliance log and report name it.
BOOK, RESCHEDULE = "visit_book", "visit_reschedule"


@dataclass
class BookingResult:
    verdict: Verdict
    visit: Visit | None  # None when blocked or when an override was needed and not given

    @property
    def saved(self) -> bool:
        return self.visit is not None


def visit_action(
    session: Session,
    visit: Visit,
    agents: Sequence[str | int],
    start: dt.datetime,
    minutes: int,
    *,
    borrower_agreed: bool,
    consent_to_enter: bool,
    at_workplace: bool = False,
    quiet_agreed: bool = False,
    now: dt.datetime | None = None,
) -> Action:
    """Validate the slot and the team into the Action the rules judge (with what the booking
    records of the borrower's agreement and consent to enter, which visit_consent reads)."""
    if start.tzinfo is None:
        raise ValidationError("A visit time needs a time zone, e.g. 2026-03-01T10:30+08:00.")
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError("The visit length is a whole number of minutes.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            "A visit lasts {min} to {max} minutes, not {minutes}.",
            min=MIN_MINUTES,
            max=MAX_MINUTES,
            minutes=minutes,
        )
    require_real_time(session, start)
    if utc(start) <= utc(now or utcnow()):
        raise ValidationError(
            "A visit cannot be booked in the past: {time}.", time=office_time(session, start)
        )
    team = agent_users(session, agents)
    begin = utc(start)
    return Action(
        channel=Channel.VISIT,
        party=Party.BORROWER,
        at=begin,
        at_workplace=at_workplace,
        visit_end=begin + dt.timedelta(minutes=minutes),
        visit_agents=tuple(u.id for u in team),
        visit_id=visit.id,
        visit_borrower_agreed=bool(borrower_agreed),
        visit_consent_to_enter=bool(consent_to_enter),
        visit_quiet_agreed=quiet_agreed,
    )


def check_booking(
    session: Session,
    user: User,
    visit_no: str,
    *,
    agents: Sequence[str | int],
    start: dt.datetime,
    minutes: int,
    borrower_agreed: bool,
    consent_to_enter: bool,
    at_workplace: bool = False,
    quiet_agreement: QuietAgreement | None = None,
    now: dt.datetime | None = None,
) -> Verdict:
    """The verdict for a booking as it stands, without saving anything (the dialog's live check).
    Pass the borrower's agreement and consent to enter as the form stands: the rules judge them."""
    _visit, case, action, _agreed = proposed(
        session, user, visit_no, (VisitStatus.VERIFIED, VisitStatus.BOOKED),
        agents, start, minutes, borrower_agreed, consent_to_enter, at_workplace, now,
        quiet_agreement,
    )  # fmt: skip
    return judge(session, case, action)[0]


def proposed(
    session: Session,
    user: User,
    visit_no: str,
    statuses: tuple[VisitStatus, ...],
    agents: Sequence[str | int],
    start: dt.datetime,
    minutes: int,
    borrower_agreed: bool,
    consent_to_enter: bool,
    at_workplace: bool,
    now: dt.datetime | None,
    quiet_agreement: QuietAgreement | None = None,
) -> tuple[Visit, Case, Action, QuietAgreement | None]:
    """The visit (in one of `statuses`), its case, the booking as the rules judge it and the
    borrower's agreement to its early or late time as it will be kept (checked; None: none)."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    require_status(visit, *statuses)
    case = session.get(Case, visit.case_id)
    assert case is not None
    refuse_legal(case, case.loan)
    action = visit_action(
        session,
        visit,
        agents,
        start,
        minutes,
        borrower_agreed=borrower_agreed,
        consent_to_enter=consent_to_enter,
        at_workplace=at_workplace,
        quiet_agreed=quiet_agreement is not None,
        now=now,
    )
    if quiet_agreement is not None and quiet_agreement.at.tzinfo is not None:
        require_real_time(session, quiet_agreement.at)  # as the start: not a time the clocks skip
    return visit, case, action, checked_agreement(quiet_agreement, start, now)


def book_visit(
    session: Session,
    user: User,
    visit_no: str,
    *,
    agents: Sequence[str | int],
    start: dt.datetime,
    minutes: int,
    borrower_agreed: bool,
    consent_to_enter: bool,
    at_workplace: bool = False,
    quiet_agreement: QuietAgreement | None = None,
    override_by: User | None = None,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
) -> BookingResult:
    """Check, then book: allowed and warnings are booked; a needed override only with a
    supervisor and a written reason (which also approves the visit); a block saves only the
    record of the block (for the compliance report). `quiet_agreement`: the borrower agreed to
    this slot's early or late time (who, when, how); kept with the slot when in quiet hours."""
    visit, case, action, agreed = proposed(
        session, user, visit_no, (VisitStatus.VERIFIED,),
        agents, start, minutes, borrower_agreed, consent_to_enter, at_workplace, now,
        quiet_agreement,
    )  # fmt: skip
    judged = judge_locked(session, user, visit, case, action, override_by, override_reason)
    if not judged.may_save:
        return BookingResult(judged.verdict, None)
    verdict = judged.verdict
    agreed = kept_agreement(verdict, agreed)
    with saving(session, "Visit", visit.visit_no):
        write_slot(visit, action, user, judged.override_by, agreed)
        visit.status = VisitStatus.BOOKED
    record_flagged(session, user, visit, case, judged, BOOK)
    audit.record(
        session,
        user,
        "visit.book",
        "visit",
        visit.visit_no,
        {
            "case": case.case_no,
            "start": action.at.isoformat(),
            "end": action.visit_end.isoformat() if action.visit_end else None,
            "agents": list(action.visit_agents),
            "verdict": verdict.kind.value,
            "rules": verdict.rules,
            "ruleset": verdict.ruleset,
            "override_by": judged.override_by.username if judged.override_by else None,
            "override_reason": judged.override_reason,
            **audit_details(agreed, session, case_borrower(session, case.id)),
        },
    )
    refresh_case(session, case)
    return BookingResult(verdict, visit)


@dataclass
class Judged:
    """A booking judged under the write lock; the supervisor and reason when they overrode it."""

    verdict: Verdict
    may_save: bool
    override_by: User | None = None
    override_reason: str | None = None
    version_id: int | None = None  # the rule-set version that judged it


def judge_locked(
    session: Session,
    user: User,
    visit: Visit,
    case: Case,
    action: Action,
    override_by: User | None,
    override_reason: str | None,
    what: str = BOOK,
) -> Judged:
    """Judge a booking (or a move of one: `what`) under the write lock: a block records only
    itself; a needed override may be saved only with a supervisor and a written reason."""
    # Take the write lock (SQLite) / the agents' row locks before reading their diaries.
    session.execute(
        update(User).where(User.id.in_(action.visit_agents)).values(version=User.version)
    )
    verdict, version_id = judge(session, case, action)
    if verdict.kind is VerdictKind.BLOCKED:
        # Whether a booking or a move was refused: the Audit page names a move's block apart.
        details = {
            "start": action.at.isoformat(),
            "end": action.visit_end.isoformat() if action.visit_end else None,
            "attempt": what,
        }
        record_block(
            session,
            user,
            case,
            action,
            verdict,
            version_id,
            ("visit.blocked", "visit", visit.visit_no, details),
            what,
        )
        return Judged(verdict, False)
    reason = (override_reason or "").strip()
    if not may_save(verdict, override_by, reason):
        return Judged(verdict, False)
    if verdict.kind is VerdictKind.NEEDS_OVERRIDE:
        return Judged(verdict, True, override_by, reason, version_id)
    return Judged(verdict, True, version_id=version_id)


def record_flagged(
    session: Session, user: User, visit: Visit, case: Case, judged: Judged, what: str
) -> None:
    """A saved booking or move the rules warned about or that a supervisor overrode, kept for
    the compliance log and report (an allowed one is only in the audit trail)."""
    verdict = judged.verdict
    if verdict.kind not in (VerdictKind.WARNING, VerdictKind.NEEDS_OVERRIDE):
        return
    session.add(
        FlaggedBooking(
            case_id=case.id,
            visit_id=visit.id,
            agent_id=user.id,
            action=what,
            at=utcnow(),
            verdict=verdict.kind.value,
            findings=[f.as_json() for f in verdict.findings],
            ruleset_version_id=judged.version_id,
            override_by_id=judged.override_by.id if judged.override_by else None,
            override_reason=judged.override_reason,
            slot_start=visit.scheduled_start,  # the slot just written: this booking's or move's
            slot_end=visit.scheduled_end,
        )
    )


def write_slot(
    visit: Visit,
    action: Action,
    user: User,
    approver: User | None,
    agreed: QuietAgreement | None = None,
) -> None:
    """Write the slot, the team and the borrower's say (with their agreement to an early or late
    time, else none) as booked by `user` now; approved only by a supervisor who overrode the
    rules (else it waits for approval when the office asks)."""
    visit.scheduled_start = action.at
    visit.scheduled_end = action.visit_end
    visit.borrower_agreed = action.visit_borrower_agreed
    visit.consent_to_enter = action.visit_consent_to_enter
    visit.at_workplace = action.at_workplace
    keep_agreement(visit, agreed)
    visit.booked_at = utcnow()
    visit.booked_by_id = user.id
    visit.approved_by_id = approver.id if approver else None
    _set_team(visit, action.visit_agents)


def _set_team(visit: Visit, agent_ids: Sequence[int]) -> None:
    """Make the visit's team exactly `agent_ids`, the first the lead. An agent already on the
    visit (a proposed team, an earlier booking) keeps their row: a fresh row for them would be
    inserted before the old one is deleted and break the one-row-per-agent constraint."""
    on_visit = {row.agent_id: row for row in visit.agents}
    team = []
    for index, agent_id in enumerate(agent_ids):
        row = on_visit.get(agent_id) or VisitAgent(agent_id=agent_id)
        row.lead = index == 0
        team.append(row)
    visit.agents = team  # the rows left out are deleted (delete-orphan)


__all__ = [
    "BOOK",
    "RESCHEDULE",
    "BookingResult",
    "Judged",
    "book_visit",
    "check_booking",
    "agent_users",
    "judge_locked",
    "record_flagged",
    "needs_approval",
    "proposed",
    "write_slot",
]
