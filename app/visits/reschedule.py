"""Rescheduling a booked visit (改约): a new start, length or team, judged by the rule set as a
booking is (app/visits/booking.py) and saved with a written reason. The visit keeps its number,
its request and its verification; its own old slot is no conflict (`Action.visit_id`).

Reschedule in a session opened with `Database.session(write_lock=True)`, as a booking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import case_borrower, personal
from app.auth import Permission, require
from app.compliance.gate import judge
from app.compliance.model import Action, Verdict
from app.concurrency import saving
from app.errors import ValidationError
from app.labels import VISIT_STATUS, label
from app.models import Case, User, Visit, VisitStatus
from app.reasons import long_reason
from app.visits.booking import (
    RESCHEDULE,
    BookingResult,
    judge_locked,
    proposed,
    record_flagged,
    write_slot,
)
from app.visits.common import find_visit, refresh_case, utc
from app.visits.quiet_consent import (
    QuietAgreement,
    audit_change,
    kept_agreement,
    stored_agreement,
)


def team_of(visit: Visit) -> list[int]:
    """The visit's agents' ids, the lead first."""
    return [row.agent_id for row in sorted(visit.agents, key=lambda row: (not row.lead, row.id))]


def reschedulable(session: Session, user: User, visit_no: str) -> Visit:
    """The visit, once `user` may move it: they book visits and may open it, and it is booked
    and not yet started (the reschedule dialog asks this before it opens)."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    if visit.status is not VisitStatus.BOOKED:
        raise ValidationError(
            "Visit {number} is {status}; only a booked visit not yet started can be rescheduled.",
            number=visit.visit_no,
            status=label(VISIT_STATUS, visit.status),
        )
    return visit


def _moved(
    session: Session,
    user: User,
    visit_no: str,
    agents: Sequence[str | int],
    start: dt.datetime,
    minutes: int,
    borrower_agreed: bool,
    consent_to_enter: bool,
    at_workplace: bool,
    reason: str | None,
    now: dt.datetime | None,
    quiet_agreement: QuietAgreement | None,
) -> tuple[Visit, Case, Action, QuietAgreement | None]:
    """The booked visit, its case, its new slot as the rules judge it and the borrower's
    agreement to its early or late time, once the move is one: only a booked visit, with a
    reason (None: not asked, for the live check), and something to change in its time, length
    or team."""
    reschedulable(session, user, visit_no)
    if reason is not None and not reason.strip():
        raise ValidationError("Rescheduling a visit needs a reason.")
    if (too_long := long_reason(reason)) is not None:  # as every reason (QA s44: 5,000 saved)
        raise too_long
    visit, case, action, agreed = proposed(
        session, user, visit_no, (VisitStatus.BOOKED,),
        agents, start, minutes, borrower_agreed, consent_to_enter, at_workplace, now,
        quiet_agreement,
    )  # fmt: skip
    old_team, new_team = team_of(visit), list(action.visit_agents)
    same_team = old_team[:1] == new_team[:1] and set(old_team) == set(new_team)
    same_time = (
        visit.scheduled_start is not None
        and visit.scheduled_end is not None
        and utc(visit.scheduled_start) == action.at
        and utc(visit.scheduled_end) == action.visit_end
    )
    if same_team and same_time:
        raise ValidationError(
            "Visit {number} is already booked for this time, length and team: nothing to "
            "change. Change the start, the length or the team.",
            number=visit.visit_no,
        )
    return visit, case, action, agreed


def check_reschedule(
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
    """The verdict on the move as it stands, without saving anything (the dialog's live check);
    a move that is refused before the rules (not booked, nothing to change) raises as it would."""
    _visit, case, action, _agreed = _moved(
        session, user, visit_no,
        agents, start, minutes, borrower_agreed, consent_to_enter, at_workplace, None, now,
        quiet_agreement,
    )  # fmt: skip
    return judge(session, case, action)[0]


def reschedule_visit(
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
    reason: str,
    quiet_agreement: QuietAgreement | None = None,
    override_by: User | None = None,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
) -> BookingResult:
    """Check, then move a booked visit, as `book_visit` books one: a block saves only its record
    and changes nothing; a needed override only with a supervisor and a written reason.

    The approval was for the old slot: the moved visit waits for a supervisor again (when the
    office asks for approval) unless a supervisor's override approves it, as at booking. The
    booking is then the mover's, made now; the trail keeps the old slot and team and the reason.

    The borrower's agreement to an early or late time was for the old slot: a move records the
    one given with it (`quiet_agreement`, the same one again for a move of the team alone), or
    none.
    """
    visit, case, action, agreed = _moved(
        session, user, visit_no,
        agents, start, minutes, borrower_agreed, consent_to_enter, at_workplace, reason or "", now,
        quiet_agreement,
    )  # fmt: skip
    judged = judge_locked(
        session, user, visit, case, action, override_by, override_reason, RESCHEDULE
    )
    if not judged.may_save:
        return BookingResult(judged.verdict, None)
    verdict = judged.verdict
    old_start, old_end = visit.scheduled_start, visit.scheduled_end
    old_team = team_of(visit)
    old_agreed = stored_agreement(visit)
    agreed = kept_agreement(verdict, agreed)
    with saving(session, "Visit", visit.visit_no):
        write_slot(visit, action, user, judged.override_by, agreed)
    record_flagged(session, user, visit, case, judged, RESCHEDULE)
    borrower = case_borrower(session, case.id)
    audit.record(
        session,
        user,
        "visit.reschedule",
        "visit",
        visit.visit_no,
        {
            "case": case.case_no,
            "start": {
                "old": utc(old_start).isoformat() if old_start else None,
                "new": action.at.isoformat(),
            },
            "end": {
                "old": utc(old_end).isoformat() if old_end else None,
                "new": action.visit_end.isoformat() if action.visit_end else None,
            },
            "agents": {"old": old_team, "new": list(action.visit_agents)},
            "reason": personal(session, borrower, (reason or "").strip()),
            "verdict": verdict.kind.value,
            "rules": verdict.rules,
            "ruleset": verdict.ruleset,
            "override_by": judged.override_by.username if judged.override_by else None,
            "override_reason": judged.override_reason,
            **audit_change(old_agreed, agreed, session, borrower),
        },
    )
    refresh_case(session, case)
    return BookingResult(verdict, visit)


__all__ = ["check_reschedule", "reschedulable", "reschedule_visit", "team_of"]
