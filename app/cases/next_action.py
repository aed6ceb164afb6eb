"""A case's status and next action date from what has happened on it (the queue rebuild's,
app/cases/rebuild.py): the most binding fact first — legal, a complaint's pause, an agreement in
force, a visit booked, a breach standing, a promise pending or broken, a contact — and whether a
breached agreement still says what the case is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.models import PROMISE_NOT_KEPT, CaseStatus, LoanStatus

NOT_KEPT = frozenset(status.name for status in PROMISE_NOT_KEPT)  # broken, or paid in part
# Columns of app.cases.facts.open_cases_query's rows that hold a case open.
_LAST_PROMISE = 17  # last_promise_status: the stored name
_PROMISE_DUE = 18  # next_promise_due: a promise pending, not judged yet
_SHORT_ON = 23  # breach_short_on; last_contact 4 columns before, last_promise_made next
_LAST_PROMISE_DUE = 26  # last_promise_due: the latest promise's due date, judged or not


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
    promise_due_on: dt.date | None,
) -> bool:
    """Whether a promise keeps a case on a current loan from being cured (the rebuild's rule): one
    pending, not judged yet — the day after its due date it is; or the latest (`last_promise`,
    its stored status name) broken or paid in part, made after a breach (the agent's answer to
    it) and nothing done since it broke: no contact after its due date (`promise_due_on`).
    Promise broken, worked that day, as a breach standing is. A reminder before the due date
    does not answer the broken promise (found by QA: it ended the hold, and the case closed as
    cured the day the promise broke)."""
    if pending:
        return True
    if short_on is None or last_promise not in NOT_KEPT or promise_made_on is None:
        return False
    if promise_made_on <= short_on:  # made before the breach: not its answer
        return False
    due_on = promise_due_on or promise_made_on  # a promise falls due on or after its day
    return last_contact_on is None or last_contact_on <= due_on


def held_open(
    row: tuple[Any, ...], as_of: dt.date, office_day: Callable[[Any], dt.date | None]
) -> bool:
    """Whether a breach standing or a promise keeps the open case on a current loan (a row of
    open_cases_query) from being cured; `office_day`: the office's date of a stored timestamp."""
    short_on = None if row[_SHORT_ON] is None else as_date(row[_SHORT_ON])
    contact_on, made_on = office_day(row[_SHORT_ON - 4]), office_day(row[_SHORT_ON + 1])
    pending = row[_PROMISE_DUE] is not None
    due_on = None if row[_LAST_PROMISE_DUE] is None else as_date(row[_LAST_PROMISE_DUE])
    return breach_stands(short_on, as_of, contact_on, made_on) or promise_holds(
        pending, row[_LAST_PROMISE], short_on, made_on, contact_on, due_on
    )


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
