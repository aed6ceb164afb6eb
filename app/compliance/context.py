"""Gather the facts a compliance check needs for one action on one case, from the database.

Every count is an indexed lookup bounded by the case (or the borrower's few cases, or one phone
number) and a time window, so a check costs the same on a 100,000-loan office as on a small one.
The statements are built once, with bound parameters, and run on the session's connection as
plain rows: a live check in the contact dialog runs on every keystroke's pause, and building
and ORM-loading half a dozen statements used to cost more than the SQL.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, null, or_, select
from sqlalchemy.orm import Session

from app.borrowers import STOP_FLAGS
from app.compliance.back_dated import (
    flags_then,
    past_stretch,
    paused_then,
    person_then,
    with_legal_then,
)
from app.compliance.lawyers import lawyer_ids, lawyer_on_file
from app.compliance.model import Action, Context, History
from app.compliance.number_holders import number_do_not_contact
from app.compliance.prepared import fetch
from app.compliance.week import WEEK, busiest_week, week_span
from app.models import (
    Borrower,
    Case,
    Channel,
    Complaint,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    Phone,
    RelatedPerson,
    Relationship,
)
from app.models.base import utcnow
from app.phone_validity import says
from app.training import WorkKind, office_training, untrained_for

UNANSWERED = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED)


def borrower_cases() -> Select[*tuple[Any, ...]]:
    return (
        select(Case.id)
        .join(Loan, Loan.id == Case.loan_id)
        .where(Loan.borrower_id == bindparam("borrower_id"))
    )


def paused_count(case_id: Any) -> Any:
    """Whether an open complaint pauses contact on the case (a count, 0 when none)."""
    return (
        select(func.count())
        .select_from(Complaint)
        .where(Complaint.case_id == case_id, Complaint.pausing_now())
        .scalar_subquery()
        .label("paused")
    )


def fact_columns() -> tuple[Any, ...]:
    """The borrower's flags and the loan's consents the rules read (borrower and loan joined)."""
    b = Borrower
    return (
        b.id.label("borrower_id"),
        b.timezone,
        b.quiet_hours_consent,
        b.contact_refused,
        b.has_lawyer,
        b.do_not_visit,
        b.do_not_call_at_work,
        b.e_opt_out,
        b.vulnerable,
        Loan.home_visit_consent,
        Loan.third_party_consent,
        Loan.status.label("loan_status"),
        Loan.legal_at,
        Loan.legal_ended_at,
    )


@cache
def _case_facts() -> Select[*tuple[Any, ...]]:
    """The loan's consents, the borrower's flags and whether a complaint pauses the case."""
    return (
        select(*fact_columns(), paused_count(bindparam("case_id")))
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Loan.id == bindparam("loan_id"))
    )


@cache
def _contacts() -> Any:
    """The borrower's contact rows up to the end of the day, and (in the same statement) one row
    per number the borrower confirmed as theirs (app/phone_confirm.py): no case, no channel,
    party or outcome, its time and the number."""
    c = ContactAttempt
    contacts = select(
        c.case_id, c.at, c.channel, c.party, c.outcome, c.related_person_id, c.phone_number
    ).where(
        c.case_id.in_(borrower_cases()),
        c.at < bindparam("day_end"),  # the whole day: back-dated entries
    )
    confirmed = select(
        null(), Phone.confirmed_at, null(), null(), null(), null(), Phone.number
    ).where(
        Phone.borrower_id == bindparam("borrower_id"),
        Phone.confirmed_at < bindparam("day_end"),
    )
    return contacts.union_all(confirmed)


@cache
def _attempts_on_number() -> Select[*tuple[Any, ...]]:
    """Unanswered attempts on a number in a day, by channel (a failed SMS is not a call)."""
    c = ContactAttempt
    return (
        select(c.channel, func.count())
        .select_from(c)
        .where(
            c.phone_number == bindparam("number"),
            or_(*(c.outcome == outcome for outcome in UNANSWERED)),  # prepared: no IN list
            c.at >= bindparam("day_start"),
            c.at < bindparam("day_end"),
        )
        .group_by(c.channel)
    )


@cache
def _valid_phones() -> Select[*tuple[Any, ...]]:
    return (
        select(func.count())
        .select_from(Phone)
        .where(Phone.borrower_id == bindparam("borrower_id"), Phone.valid)
    )


def _local_day(at: dt.datetime, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """The borrower's calendar day around `at`, as a UTC range [start, end)."""
    zone = zoneinfo.ZoneInfo(tz)
    local = at.astimezone(zone)
    start = dt.datetime.combine(local.date(), dt.time(), zone)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


THIRD = (Party.RELATIVE, Party.EMPLOYER, Party.OTHER)  # not the borrower, not a guarantor
# Contacts that reached nobody: no person who could be contacted again, none counted as a contact
# with a third party (third_party_once; app.contacts_standing counts the same).
REACHED_NOBODY = (*UNANSWERED, Outcome.INVALID_NUMBER)


def history(session: Session, case_id: int, borrower: Any, action: Action) -> History:
    """Past contacts that the caps and waiting rules look at, up to `action.at`.

    One indexed fetch of the borrower's contact rows (a borrower has a few cases and at most a
    few hundred contacts) and one count on the dialled number; the rest is arithmetic.
    """
    db = session.connection()
    day_start, day_end = _local_day(action.at, borrower.timezone)
    # Up to six days past a back-dated contact's date: the calls then share its seven days.
    span_start, span_end = week_span(action.at, borrower.timezone)
    until = max(day_end, span_end)
    rows = fetch(session, _contacts(), {"borrower_id": borrower.borrower_id, "day_end": until})
    failed = with_person = 0
    calls: list[dt.datetime] = []  # this case's calls to the borrower, six days either side
    conversations: dict[str, int] = {}  # connected conversations today, by channel
    last_conversation: dt.datetime | None = None
    now, person_id = action.at, action.related_person_id
    own: list[tuple[dt.datetime, Outcome]] = []  # this case's borrower contacts up to the action
    # Rows unpacked into locals: a Row's attribute look-up costs several times a tuple's.
    # An unnamed third party is the person on the number dialled: the same number, the same one.
    number = action.phone_number if person_id is None and action.party in THIRD else None
    # A third party with neither person nor number on record may be anyone contacted before: every
    # earlier third-party contact that reached someone counts as possibly the same person (QA:
    # four unidentified calls to "a relative" on one case each passed FDCPA 1692b(3)'s once-only).
    unidentified = person_id is None and number is None and action.party in THIRD
    unidentified_last: dt.datetime | None = None
    # The borrower's lawyers: a contact with them was no third-party contact, so no earlier one.
    lawyers = lawyer_ids(session, borrower.borrower_id) if unidentified else set()
    # The borrower's number dialled, and what the newest contact on it that said anything of it
    # found (app.phone_validity.says, as Phone.valid is kept), as of the action's time.
    dialled = action.phone_number if action.party is Party.BORROWER else None
    said: tuple[dt.datetime, bool, Outcome] | None = None
    for row_case, at, channel, party, outcome, row_person, row_number in rows:
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        connected = party is Party.BORROWER and outcome is Outcome.CONNECTED
        if connected and day_start <= at < day_end:
            conversations[channel.value] = conversations.get(channel.value, 0) + 1
        if row_case == case_id and channel is Channel.CALL and party is Party.BORROWER:
            if span_start <= at < span_end:  # Reg F counts calls to a particular person
                calls.append(at)
        if at > now:
            continue
        if row_case is None:  # the borrower confirmed the number: as if they answered on it
            if row_number == dialled and (said is None or at >= said[0]):
                said = (at, True, Outcome.CONNECTED)
            continue
        if dialled is not None and row_number == dialled and (said is None or at >= said[0]):
            valid = says(channel, party, outcome)
            if valid is not None:
                said = (at, valid, outcome)
        # Only a contact that reached someone is one (FDCPA 1692b(3): a ring nobody answered
        # communicated nothing), for a person on file, a number and an unidentified one alike.
        if outcome not in REACHED_NOBODY and (
            (row_person is not None and row_person == person_id)
            or (number and row_number == number and row_person is None and party in THIRD)
            or (unidentified and party in THIRD and row_person not in lawyers)
        ):
            with_person += 1
            if unidentified and (unidentified_last is None or at > unidentified_last):
                unidentified_last = at
        if row_case != case_id:
            continue
        if (
            connected
            and channel is Channel.CALL  # Reg F's wait follows a telephone conversation
            and (last_conversation is None or at > last_conversation)
        ):
            last_conversation = at
        if party is Party.BORROWER:
            own.append((at, outcome))
    invalid = False
    # The borrower was last reached: a conversation, or a call they answered and refused (the
    # failed attempts since are consecutive; one that reached them ends the run).
    reached = max(
        (at for at, outcome in own if outcome in (Outcome.CONNECTED, Outcome.REFUSED)),
        default=None,
    )
    for at, outcome in own:  # since then: unanswered tries, a number that failed
        if reached is not None and at <= reached:
            continue
        if outcome in UNANSWERED:
            failed += 1
        elif outcome in (Outcome.INVALID_NUMBER, Outcome.WRONG_NUMBER):
            invalid = True
    attempts: dict[str, int] = {}  # unanswered attempts on the number today, by channel
    if action.phone_number:  # every call to the borrower has one: their primary number at least
        params = {"number": action.phone_number, "day_start": day_start, "day_end": day_end}
        for row_channel, count in fetch(session, _attempts_on_number(), params):
            key = Channel(row_channel).value
            attempts[key] = attempts.get(key, 0) + (count or 0)
    if not invalid and action.party is not Party.BORROWER:  # only third-party rules ask
        invalid = not db.scalar(_valid_phones(), {"borrower_id": borrower.borrower_id})
    zone = zoneinfo.ZoneInfo(borrower.timezone)
    calls_7, week_end = busiest_week(calls, now, zone)
    today = now.astimezone(zone).date()
    return History(
        conversations_today=conversations.get("call", 0) + conversations.get("visit", 0),
        attempts_today_on_number=attempts.get("call", 0),
        calls_last_7_days=calls_7,
        busiest_week_end=week_end,
        last_conversation_at=last_conversation,
        calls_after=tuple(sorted(c for c in calls if c > now)),
        week_calls=tuple(
            sorted(c for c in calls if 0 <= (today - c.astimezone(zone).date()).days < WEEK.days)
        ),
        consecutive_failed_attempts=failed,
        borrower_number_invalid=invalid,
        number_found_invalid=None if said is None or said[1] else (said[0], said[2].value),
        third_party_contacts_with_person=with_person,
        third_party_unidentified_last=unidentified_last,
        conversations_today_by_channel=tuple(sorted(conversations.items())),
        attempts_today_on_number_by_channel=tuple(sorted(attempts.items())),
    )


def build_context(session: Session, case: Case, action: Action) -> Context:
    """Everything the rules need about this case, its borrower, contract and history."""
    session.flush()  # the statements below run on the connection, past the session's autoflush
    borrower = fetch(session, _case_facts(), {"loan_id": case.loan_id, "case_id": case.id})[0]
    return context_from(session, case.id, borrower, action)


def context_from(session: Session, case_id: int, borrower: Any, action: Action) -> Context:
    """The context from the case's facts row (`fact_columns` and `paused`) and its history."""
    person = (
        session.get(RelatedPerson, action.related_person_id) if action.related_person_id else None
    )
    trained: tuple[int, ...] = ()
    gaps: dict[int, tuple[tuple[str, str], ...]] = {}
    if action.visit_agents:
        day = action.at.astimezone(zoneinfo.ZoneInfo(borrower.timezone)).date()
        states = office_training(session, day, action.visit_agents)
        trained = tuple(a.agent_id for a in states if a.qualified(WorkKind.FIELD))
        gaps = {
            a.agent_id: tuple((c.name_zh, c.name_en) for c in a.missing_for(WorkKind.FIELD))
            for a in states
            if a.agent_id not in trained
        }
    untrained = None
    if action.caller_id is not None and action.channel is not Channel.VISIT:
        day = action.at.astimezone(zoneinfo.ZoneInfo(borrower.timezone)).date()
        untrained = untrained_for(session, action.caller_id, WorkKind.PHONE, day)
    past = history(session, case_id, borrower, action)
    now = utcnow()
    paused = bool(borrower.paused)
    flags = {name: bool(getattr(borrower, name)) for name in STOP_FLAGS}
    person_flags = {
        "consent_to_contact": bool(person and person.consent_to_contact),
        "do_not_contact": bool(person and person.do_not_contact),
    }
    changed: dict[str, dt.datetime] = {}  # the flags that differed then: when they changed
    then = action.at
    if then.second == 0 and then.microsecond == 0:
        # A time given to the minute (the window's) stands for the whole minute: a call at 09:25
        # logged just after a complaint recorded at 09:25:30 was judged as made before it (QA).
        then += dt.timedelta(minutes=1)
    if then < now:
        # A contact logged after the fact is judged by the pauses and stop flags of its time: a
        # pause lifted since still forbade it; a complaint or a flag that came after it did not.
        paused = bool(fetch(session, paused_then(), {"case_id": case_id, "at": then})[0][0])
        flags = flags_then(session, borrower.borrower_id, flags, then, changed)
        if person is not None:
            person_flags = person_then(session, borrower.borrower_id, person.id, person_flags, then)
    if action.channel is not Channel.VISIT and not person_flags["do_not_contact"]:
        # the wish follows the number: anyone of the borrower's holding it, removed ones too
        person_flags["do_not_contact"] = number_do_not_contact(
            session,
            borrower.borrower_id,
            action.phone_number,
            person.id if person is not None else None,
            then if then < now else None,
        )
    lawyer = None  # named by the stop_lawyer rule's advice
    if flags["has_lawyer"] and action.party is Party.BORROWER:
        lawyer = lawyer_on_file(session, borrower.borrower_id)
    today = now.astimezone(zoneinfo.ZoneInfo(borrower.timezone)).date()
    names: dict[int, str] = {}
    office_zone: str | None = None
    if action.channel is Channel.VISIT:
        from app.compliance.visit_context import visit_history  # visits only

        visits = visit_history(session, borrower, action)
        names = visits.pop("agent_names")  # type: ignore[assignment]
        office_zone = visits.pop("office_timezone")  # type: ignore[assignment]
        past = replace(past, **visits)  # type: ignore[arg-type]
    with_legal = with_legal_then(
        borrower.loan_status, borrower.legal_at, borrower.legal_ended_at, then, now
    )
    return Context(
        borrower_timezone=borrower.timezone,
        quiet_hours_consent=flags["quiet_hours_consent"],
        # On file now, recorded only after the contact's time: when (the refusal says so).
        quiet_hours_consent_recorded_at=(
            changed.get("quiet_hours_consent")
            if borrower.quiet_hours_consent and not flags["quiet_hours_consent"]
            else None
        ),
        contact_refused=flags["contact_refused"],
        has_lawyer=flags["has_lawyer"],
        do_not_visit=flags["do_not_visit"],
        do_not_call_at_work=flags["do_not_call_at_work"],
        e_opt_out=flags["e_opt_out"],
        vulnerable=flags["vulnerable"],
        case_paused=paused,
        loan_with_legal=with_legal,
        legal_stretch=past_stretch(with_legal, borrower.legal_at, borrower.legal_ended_at),
        home_visit_consent=borrower.home_visit_consent,
        third_party_consent=borrower.third_party_consent,
        related_person_consent=person_flags["consent_to_contact"],
        related_person_do_not_contact=person_flags["do_not_contact"],
        lawyer_contact=person is not None and person.relation is Relationship.LAWYER,
        lawyer_on_file=lawyer,
        agents_with_valid_field_training=trained,
        field_training_gaps=gaps,
        caller_without_phone_training=untrained,
        agent_names=names,
        office_timezone=office_zone,
        history=past,
        today=today,
    )
