"""A case's status and next action date from what has happened on it (the queue rebuild's,
app/cases/rebuild.py): the most binding fact first — legal, a complaint's pause, an agreement in
force, a visit booked, a breach standing, a promise pending or broken, a contact — and whether a
breached agreement still says what the case is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.models import PROMISE_NOT_KEPT, CaseStatus, LoanStatus

NOT_KEPT = frozenset(status.name for status in PROMISE_NOT_KEPT)  # broken, or paid in part


def as_date(value: Any) -> dt.date:
    """A stored date (not None), as text on SQLite."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def breach_stands(
    short_on: dt.date | None,
    as_of: dt.date,
    last_contact_on: dt.date | None,
    promise_made_on: dt.date | None,
) -> bool:
    """Whether the case's latest breached agreement still says what the case is: an instalment
    left short on `short_on` (the breach is dated the day after) and nothing done since — no
    contact logged and no promise made on the breach's day or later. Like a broken promise, it
    gives way to what the agent did next; the breach itself stays in the score."""
    if short_on is None or short_on >= as_of:
        return False
    return not any(day is not None and day > short_on for day in (last_contact_on, promise_made_on))


def promise_holds(
    pending: bool,
    last_promise: str | None,
    short_on: dt.date | None,
    promise_made_on: dt.date | None,
    last_contact_on: dt.date | None,
) -> bool:
    """Whether a promise keeps a case on a current loan from being cured (the rebuild's rule): one
    pending, not judged yet — the day after its due date it is; or the latest (`last_promise`,
    its stored status name) broken or paid in part, made after a breach (the agent's answer to
    it) and nothing done since: no contact after the day it was made. Promise broken, worked
    that day, as a breach standing is."""
    if pending:
        return True
    if short_on is None or last_promise not in NOT_KEPT or promise_made_on is None:
        return False
    if promise_made_on <= short_on:  # made before the breach: not its answer
        return False
    return last_contact_on is None or last_contact_on <= promise_made_on


def status_and_next_action(
    case_status: str,
    loan_status: str,
    facts: tuple[Any, ...],
    as_of: dt.date,
    last_contact_on: dt.date | None,
    visit_on: dt.date | None,
    breached: bool,
) -> tuple[CaseStatus, dt.date | None]:
    """What has happened decides the status (most binding first) and the next action date."""
    _broken, last_promise, promise_due, _contact, visit_at, agreement_due, complaint_due = facts[:7]
    if loan_status == LoanStatus.LEGAL or case_status == CaseStatus.LEGAL:
        # A settlement reached in or out of court: the case stays with legal, and the plan's
        # next instalment is what to watch for; none in force (or breached), no next action.
        return CaseStatus.LEGAL, None if agreement_due is None else as_date(agreement_due)
    if complaint_due is not None:
        return CaseStatus.PAUSED, as_date(complaint_due)
    if agreement_due is not None:
        return CaseStatus.AGREEMENT, as_date(agreement_due)
    if visit_at is not None:  # booked with the borrower: the breach is taken up at the visit
        return CaseStatus.VISIT_BOOKED, visit_on
    if breached:  # a signed agreement broken, nothing done since: to be worked today
        return CaseStatus.AGREEMENT_BREACHED, as_of
    if promise_due is not None:
        # The day it falls due: the agent checks or reminds that day, and the case stops waiting
        # then; the next day's rebuild judges the promise (found by QA: it read the day after).
        return CaseStatus.PROMISE, as_date(promise_due)
    if last_promise in NOT_KEPT:  # the stored name, as the facts query reads it
        return CaseStatus.PROMISE_BROKEN, as_of
    if last_contact_on is not None:
        return CaseStatus.CONTACTED, max(as_of, last_contact_on + dt.timedelta(days=3))
    return CaseStatus.NEW, as_of
