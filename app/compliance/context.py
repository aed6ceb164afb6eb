"""Gather the facts a compliance check needs for one action on one case, from the database.

Every count is an indexed lookup bounded by the case (or the borrower's few cases, or one phone
number) and a time window, so a check costs the same on a 100,000-loan office as on a small one.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.compliance.model import Action, Context, History
from app.models import (
    Borrower,
    Case,
    Channel,
    Complaint,
    ComplaintStatus,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    Phone,
    RelatedPerson,
)
from app.training import WorkKind, office_training

UNANSWERED = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED)


def _local_day(at: dt.datetime, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """The borrower's calendar day around `at`, as a UTC range [start, end)."""
    zone = zoneinfo.ZoneInfo(tz)
    local = at.astimezone(zone)
    start = dt.datetime.combine(local.date(), dt.time(), zone)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _count(session: Session, *conditions: object) -> int:
    return session.scalar(select(func.count()).select_from(ContactAttempt).where(*conditions)) or 0


def history(session: Session, case: Case, borrower: Borrower, action: Action) -> History:
    """Past contacts that the caps and waiting rules look at, strictly before `action.at`."""
    c = ContactAttempt
    day_start, day_end = _local_day(action.at, borrower.timezone)
    borrower_cases = (
        select(Case.id).join(Loan, Loan.id == Case.loan_id).where(Loan.borrower_id == borrower.id)
    )
    to_borrower = and_(c.party == Party.BORROWER, c.case_id.in_(borrower_cases))
    conversations_today = _count(
        session,
        to_borrower,
        c.outcome == Outcome.CONNECTED,
        c.channel.in_([Channel.CALL, Channel.VISIT]),
        c.at >= day_start,
        c.at < day_end,
    )
    attempts_on_number = 0
    if action.phone_number:
        attempts_on_number = _count(
            session,
            c.phone_number == action.phone_number,
            c.outcome.in_(UNANSWERED),
            c.at >= day_start,
            c.at < day_end,
        )
    calls_7 = _count(
        session,
        c.case_id == case.id,
        c.channel == Channel.CALL,
        c.at > action.at - dt.timedelta(days=7),
        c.at <= action.at,
    )
    last_conversation = session.scalar(
        select(func.max(c.at)).where(
            c.case_id == case.id,
            c.party == Party.BORROWER,
            c.outcome == Outcome.CONNECTED,
            c.at <= action.at,
        )
    )
    if isinstance(last_conversation, str):
        last_conversation = dt.datetime.fromisoformat(last_conversation)
    if last_conversation is not None and last_conversation.tzinfo is None:
        last_conversation = last_conversation.replace(tzinfo=dt.UTC)
    failed = _count(
        session,
        c.case_id == case.id,
        c.party == Party.BORROWER,
        c.outcome.in_(UNANSWERED),
        c.at <= action.at,
        *([c.at > last_conversation] if last_conversation is not None else []),
    )
    invalid = bool(
        _count(
            session,
            c.case_id == case.id,
            c.party == Party.BORROWER,
            c.outcome.in_([Outcome.INVALID_NUMBER, Outcome.WRONG_NUMBER]),
            *([c.at > last_conversation] if last_conversation is not None else []),
        )
    ) or not session.scalar(
        select(func.count()).select_from(Phone).where(Phone.borrower_id == borrower.id, Phone.valid)
    )
    with_person = 0
    if action.related_person_id is not None:
        with_person = _count(session, c.related_person_id == action.related_person_id)
    return History(
        conversations_today=conversations_today,
        attempts_today_on_number=attempts_on_number,
        calls_last_7_days=calls_7,
        last_conversation_at=last_conversation,
        consecutive_failed_attempts=failed,
        borrower_number_invalid=invalid,
        third_party_contacts_with_person=with_person,
    )


def build_context(session: Session, case: Case, action: Action) -> Context:
    """Everything the rules need about this case, its borrower, contract and history."""
    loan = session.get(Loan, case.loan_id)
    assert loan is not None
    borrower = session.get(Borrower, loan.borrower_id)
    assert borrower is not None
    person = (
        session.get(RelatedPerson, action.related_person_id) if action.related_person_id else None
    )
    paused = session.scalar(
        select(func.count())
        .select_from(Complaint)
        .where(
            Complaint.case_id == case.id,
            Complaint.status.in_([ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING]),
            Complaint.pauses_contact,
            Complaint.pause_lifted_at.is_(None),
        )
    )
    trained: tuple[int, ...] = ()
    if action.visit_agents:
        day = action.at.astimezone(zoneinfo.ZoneInfo(borrower.timezone)).date()
        trained = tuple(
            a.agent_id
            for a in office_training(session, day, action.visit_agents)
            if a.qualified(WorkKind.FIELD)
        )
    return Context(
        borrower_timezone=borrower.timezone,
        quiet_hours_consent=borrower.quiet_hours_consent,
        contact_refused=borrower.contact_refused,
        has_lawyer=borrower.has_lawyer,
        do_not_visit=borrower.do_not_visit,
        do_not_call_at_work=borrower.do_not_call_at_work,
        e_opt_out=borrower.e_opt_out,
        vulnerable=borrower.vulnerable,
        case_paused=bool(paused),
        home_visit_consent=loan.home_visit_consent,
        third_party_consent=loan.third_party_consent,
        related_person_consent=bool(person and person.consent_to_contact),
        related_person_do_not_contact=bool(person and person.do_not_contact),
        agents_with_valid_field_training=trained,
        history=history(session, case, borrower, action),
    )
