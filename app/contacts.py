"""Logging a contact attempt: validated, checked against the rule set inside the saving
transaction, then saved (allowed / warning / overridden) or recorded as blocked.

Call it in a session opened with `Database.session(write_lock=True)`: the write lock is taken
before the history is read, so two workstations cannot both log the fourth conversation.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, can, require
from app.compliance.context import context_from
from app.compliance.engine import check
from app.compliance.gate import judge, may_save, record_block
from app.compliance.lookup import case_facts, ruleset_of
from app.compliance.model import Action, Verdict
from app.compliance.target import contact_target
from app.contacts_whom import PARTY_OF_RELATION, dialled, whom  # noqa: F401 -- re-exported
from app.erased import refuse_erased
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import (
    Case,
    CaseStatus,
    Channel,
    ContactAttempt,
    Outcome,
    Party,
    Promise,
    User,
    VerdictKind,
)
from app.models.base import utcnow
from app.notes import MAX_NOTES, clean_notes  # noqa: F401 -- MAX_NOTES: the window's field
from app.phone_validity import note_number
from app.text_guard import check_text
from app.typed_number import number_key
from app.wall_clock import refuse_skipped, wall_time

FUTURE_GRACE = dt.timedelta(minutes=5)
# The outcomes each channel can have: a letter is not answered, a call is not delivered.
OUTCOMES = {
    Channel.CALL: (
        Outcome.CONNECTED,
        Outcome.NO_ANSWER,
        Outcome.BUSY,
        Outcome.REFUSED,
        Outcome.WRONG_NUMBER,
        Outcome.INVALID_NUMBER,
        Outcome.FAILED,  # the call could not be placed
    ),
    Channel.SMS: (Outcome.DELIVERED, Outcome.FAILED, Outcome.INVALID_NUMBER),
    Channel.LETTER: (Outcome.DELIVERED, Outcome.FAILED),  # failed: returned undelivered
}


@dataclass
class ContactResult:
    verdict: Verdict
    attempt: ContactAttempt | None  # None when blocked or when an override was needed
    promise: Promise | None = None

    @property
    def saved(self) -> bool:
        return self.attempt is not None


_UNKNOWN = {
    "channel": "Unknown channel {value}; choose one of: {choices}.",
    "party": "Unknown party {value}; choose one of: {choices}.",
    "outcome": "Unknown outcome {value}; choose one of: {choices}.",
}


def parse_choice(
    kind: type[enum.StrEnum],
    value: str,
    what: str,
    taken: Iterable[enum.StrEnum] | None = None,
) -> enum.StrEnum:
    """`value` as a member of `kind`; an unknown one is refused listing `taken` (default: every
    member), the members the caller takes: a channel lists call, sms and letter, not the visit
    it then refuses."""
    try:
        return kind(value.strip().lower())
    except ValueError:
        choices = [m.value for m in (kind if taken is None else taken)]
        raise ValidationError(_UNKNOWN[what], value=value, choices=choices) from None


@cache
def _case_by_number(lock: bool) -> Select[Case]:
    """Built once: finding the case is the first step of every contact check."""
    query = select(Case).where(Case.case_no == bindparam("case_no"))
    return query.with_for_update() if lock else query  # row lock on PostgreSQL


def find_case(session: Session, user: User, case_no: str, *, lock: bool = False) -> Case:
    case = session.scalar(_case_by_number(lock), {"case_no": number_key(case_no)})
    if case is None:
        raise NotFound("Unknown case {case}.", case=case_no)
    refuse_unassigned(user, case)
    return case


def refuse_unassigned(user: User, case: Case) -> None:
    """PermissionDenied unless `user` sees every case or `case` is assigned to them."""
    if not can(user, Permission.VIEW_ALL_CASES) and case.assigned_agent_id != user.id:
        raise PermissionDenied(
            "{user} may open only the cases assigned to them; {case} is not.",
            user=user.username,
            case=case.case_no,
        )


def make_action(
    session: Session,
    case_id: int,
    *,
    channel: str,
    party: str,
    at: dt.datetime,
    outcome: str | None,
    phone_number: str | None = None,
    related_person_id: int | None = None,
    at_workplace: bool = False,
    caller_id: int | None = None,
) -> Action:
    """Validate the user's input into an Action (a clear error for each bad field); `caller_id`
    is the user making the contact, whose training the rules check.

    Checked and derived here, once for every route (window, CLI): the party against the related
    person's relation, the contact's time against the borrower's clock (not a time its clocks
    skip) and the case's opening, the outcome against the channel, the number dialled (E.164;
    the borrower's primary number when none is given) and whose number on file it is
    (`app.contacts_whom.whom`: the borrower's number is the borrower, a related person's is that
    person), and whether the contact reaches the borrower at work (the employer, a work number).
    """
    if at.tzinfo is None:
        raise ValidationError("A contact time needs a time zone, e.g. 2026-03-01T10:30+08:00.")
    if at > utcnow() + FUTURE_GRACE:
        raise ValidationError(  # on the clock it was given on, as the contact form shows it
            "A contact cannot be logged in the future: {time}.", time=wall_time(at, at.tzinfo)
        )
    chan = Channel(parse_choice(Channel, channel, "channel", OUTCOMES))
    if chan is Channel.VISIT:
        raise ValidationError("Visits are booked through the visit steps, not logged here.")
    who = Party(parse_choice(Party, party, "party"))
    result = Outcome(parse_choice(Outcome, outcome, "outcome")) if outcome else None
    if result is not None and result not in OUTCOMES[chan]:
        raise ValidationError(
            "The outcome {outcome} does not fit the channel {channel}; choose one of: {choices}.",
            outcome=result.value,
            channel=chan.value,
            choices=[o.value for o in OUTCOMES[chan]],
        )
    target = contact_target(session, case_id)
    if target is None:
        raise NotFound("Unknown case {case}.", case=str(case_id))
    borrower_zone = zoneinfo.ZoneInfo(target.timezone)
    refuse_skipped(at, borrower_zone, "borrower")  # 02:30 written when the clocks skip it
    if at.astimezone(borrower_zone).date() < target.opened_on:
        raise ValidationError(
            "A contact cannot be logged before its case was opened on {date}.",
            date=target.opened_on.isoformat(),
        )
    reached = whom(session, target, chan, who, related_person_id, phone_number)
    number = reached.number
    at_work = (
        at_workplace
        or who is Party.EMPLOYER
        or (who is Party.BORROWER and target.kind_of(number) == "work")
    )
    return Action(
        channel=chan,
        party=who,
        at=at.astimezone(dt.UTC),
        outcome=result,
        phone_number=number,
        related_person_id=reached.person_id,
        at_workplace=at_work,
        caller_id=caller_id,
    )


def check_contact(session: Session, user: User, case_no: str, **fields: object) -> Verdict:
    """The verdict for a contact as it stands, without saving anything (the UI's live check).

    One statement reads the case, its facts and the active rule set version as plain columns
    (app.compliance.lookup) — no ORM load of the case; the verdict is the one `log_contact`
    gives in the same state (tests/compliance/test_live_check.py).
    """
    require(user, Permission.RECORD_CONTACTS)
    facts = case_facts(session, number_key(case_no))
    if facts is None:
        raise NotFound("Unknown case {case}.", case=case_no)
    if not can(user, Permission.VIEW_ALL_CASES) and facts.assigned_agent_id != user.id:
        raise PermissionDenied(
            "{user} may open only the cases assigned to them; {case} is not.",
            user=user.username,
            case=facts.case_no,
        )
    action = make_action(session, facts.case_id, caller_id=user.id, **fields)  # type: ignore[arg-type]
    ruleset, _version_id = ruleset_of(session, facts)
    return check(action, context_from(session, facts.case_id, facts, action), ruleset)


def carries_promise(outcome: Outcome | None) -> bool:
    """A promise is made in a conversation: a connected contact (no outcome: judged as one)."""
    return outcome in (None, Outcome.CONNECTED)


def check_contact_promise(
    session: Session,
    case: Case,
    at: dt.datetime,
    outcome: Outcome | None,
    promise: tuple[int, dt.date],
) -> dt.date:
    """Refuse a promise a contact at `at` could not carry; else the office day it is made.
    Checked before the verdict: a blocked contact with a promise that could never be recorded
    is bad input, not a block to record."""
    from app.promises import check_promise, made_on
    from app.queries.visits import office_zone

    amount, due_on = promise
    made = made_on(at, office_zone(session))  # the office's day, not UTC's
    if not carries_promise(outcome):
        raise ValidationError(
            "A promise to pay is made in a conversation: the outcome must be Connected."
        )
    if due_on < made:
        raise ValidationError("A promise cannot fall due before the contact: {date}.", date=due_on)
    check_promise(session, case, amount, due_on, made)
    return made


def log_contact(
    session: Session,
    user: User,
    case_no: str,
    *,
    channel: str,
    party: str,
    at: dt.datetime,
    outcome: str,
    notes: str = "",
    phone_number: str | None = None,
    related_person_id: int | None = None,
    at_workplace: bool = False,
    promise: tuple[int, dt.date] | None = None,
    override_by: User | None = None,
    override_reason: str | None = None,
) -> ContactResult:
    """Check, then save: allowed and warnings are saved (flagged); a needed override is saved
    only with a supervisor and a written reason; a block saves only the record of the block."""
    require(user, Permission.RECORD_CONTACTS)
    case = find_case(session, user, case_no, lock=True)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError("Case {case} is closed.", case=case.case_no)
    refuse_erased(session, case.loan.borrower_id)
    if not outcome:
        raise ValidationError("Choose the outcome of the contact.")
    # A note that cannot be kept is refused first, whatever the verdict: a contact held for an
    # override was never flushed, so its note's NUL went unsaid until the override came.
    text = check_text(clean_notes(notes)) or ""
    action = make_action(
        session,
        case.id,
        channel=channel,
        party=party,
        at=at,
        outcome=outcome,
        phone_number=phone_number,
        related_person_id=related_person_id,
        at_workplace=at_workplace,
        caller_id=user.id,
    )
    promise_day = None
    if promise is not None:  # all of it before the verdict, as `contact check` does
        promise_day = check_contact_promise(session, case, action.at, action.outcome, promise)
    # Take the write lock (SQLite) / row lock before reading the history the caps count.
    session.execute(update(Case).where(Case.id == case.id).values(version=Case.version))
    verdict, version_id = judge(session, case, action)
    findings = [f.as_json() for f in verdict.findings]
    if verdict.kind is VerdictKind.BLOCKED:
        details = {"channel": action.channel.value}
        record_block(
            session,
            user,
            case,
            action,
            verdict,
            version_id,
            ("contact.blocked", "case", case.case_no, details),
        )
        return ContactResult(verdict, None)
    if not may_save(verdict, override_by, override_reason):
        return ContactResult(verdict, None)
    attempt = ContactAttempt(
        case_id=case.id,
        agent_id=user.id,
        channel=action.channel,
        party=action.party,
        related_person_id=action.related_person_id,
        phone_number=action.phone_number,
        at=action.at,
        outcome=action.outcome or Outcome.CONNECTED,
        notes=text,
        verdict=verdict.kind,
        findings=findings or None,
        ruleset_version_id=version_id,
        override_by_id=override_by.id
        if verdict.kind is VerdictKind.NEEDS_OVERRIDE and override_by
        else None,
        override_reason=override_reason.strip()
        if verdict.kind is VerdictKind.NEEDS_OVERRIDE and override_reason
        else None,
    )
    session.add(attempt)
    session.flush()
    audit.record(
        session,
        user,
        "contact.log",
        "case",
        case.case_no,
        {
            "channel": action.channel.value,
            "party": action.party.value,
            "outcome": attempt.outcome.value,
            "verdict": verdict.kind.value,
            "override_by": override_by.username if attempt.override_by_id and override_by else None,
            "override_reason": attempt.override_reason,
        },
    )
    note_number(session, user, attempt, case.loan.borrower_id, case.case_no)
    made = None
    if promise is not None:
        from app.promises import create_promise

        made = create_promise(
            session,
            user,
            case,
            promise[0],
            promise[1],
            contact_attempt_id=attempt.id,
            today=promise_day,
        )
    from app.cases.rebuild import rebuild_queue

    rebuild_queue(session, None, None, loan_ids=[case.loan_id], closed_by=user)
    return ContactResult(verdict, attempt, made)
