"""A demo borrower's numbers as the office's contacts found them (app/phone_validity.py).

A number is marked not valid only by a contact that found it wrong or not in service, as the
office marks it; the agents then keep off it (the rule number_found_invalid): a call or SMS goes
to the borrower's other number while that one is good, else the agent writes (a letter at most
every LETTER_GAP) and tries no call. Now and then the borrower confirms the number theirs later
(app/phone_confirm.py, a supervisor's) and calls resume on it; and a call the borrower made a
promise on, with no good number left, is one a supervisor let through (an override of the rule).

Contacts are drawn a case at a time, not in time order: a number is found wrong only by a contact
after every other one on it (else the call went unanswered), so that no contact already drawn
falls after the finding. Chosen by ids, so the rest of the office stays as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from app.demo.context import OFFICE_ZONE, Context, local_to_utc
from app.demo.writer import utc_text
from app.models import Outcome

NOT_VALID = (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER)
ANSWERED = (Outcome.CONNECTED, Outcome.REFUSED)
NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
CONFIRM_EVERY = 10  # of the numbers found wrong, the borrower confirms one in this many later
# Of the calls a borrower made a promise on with no good number, one in this many a supervisor
# let through (the others followed the borrower's confirming the number theirs).
OVERRIDE_EVERY = 8
LETTER_GAP = dt.timedelta(days=14)  # with no good number, the agent writes at most this often
NUMBER_OVERRIDE_REASONS = (
    "借款人来函称该号码仍为本人使用，要求回电，主管同意本次回拨。",
    "借款人到访营业部，当面要求通过该号码回电商谈还款，主管同意。",
    "借款人委托家属转告已恢复使用原号码，主管同意拨打一次核实。",
)


@dataclass(slots=True)
class Line:
    """One of a borrower's phone numbers: its row's facts and what the contacts on it found."""

    id: int
    number: str
    primary: bool
    last_at: dt.datetime = EARLIEST  # the latest contact made on it
    # When the office kept off it: [found wrong, confirmed or NEVER), and what was found.
    holds: list[tuple[dt.datetime, dt.datetime, Outcome]] = field(default_factory=list)
    # What each contact on it said (app.phone_validity.says): (time, contact id, valid).
    words: list[tuple[dt.datetime, int, bool]] = field(default_factory=list)
    confirmed: dt.datetime | None = None  # when the borrower confirmed it theirs

    def hold_at(self, at: dt.datetime) -> tuple[dt.datetime, dt.datetime, Outcome] | None:
        """The hold `at` falls in, if any."""
        for hold in self.holds:
            if hold[0] <= at < hold[1]:
                return hold
        return None

    def confirmation(self) -> dt.datetime | None:
        """The confirmation, when a contact still on record found the number wrong before it."""
        c = self.confirmed
        if c is None or not any(not valid and at <= c for at, _, valid in self.words):
            return None
        return c

    def valid(self) -> bool:
        """What the phone row says: the newest word on the number (a confirmation is one)."""
        newest = max(self.words, default=None)
        if newest is None:
            return True
        confirmed = self.confirmation()
        return newest[2] or (confirmed is not None and confirmed >= newest[0])

    def row(self, borrower_id: int) -> tuple[Any, ...]:
        """The phone row, in its table's column order (app/demo/people.py PHONE_COLUMNS)."""
        confirmed = self.confirmation()
        return (
            self.id,
            borrower_id,
            self.number,
            "mobile",
            self.primary,
            self.valid(),
            None if confirmed is None else utc_text(confirmed),
        )


def open_line(lines: list[Line], at: dt.datetime) -> Line | None:
    """The number a call or SMS at `at` goes to: the first (the primary) not held then."""
    for line in lines:
        if line.hold_at(at) is None:
            return line
    return None


def heard(ctx: Context, line: Line, contact_id: int, at: dt.datetime, outcome: Outcome) -> None:
    """What the call or SMS made at `at` on the line tells of it (the contact is on record)."""
    if outcome in NOT_VALID:
        line.words.append((at, contact_id, False))
        end = NEVER
        if line.confirmed is None and contact_id % CONFIRM_EVERY == 0:
            turn = contact_id // CONFIRM_EVERY
            day = at.astimezone(OFFICE_ZONE).date()
            confirmed = local_to_utc(day + dt.timedelta(days=2 + turn % 9), 15 * 60 + turn % 120)
            if confirmed.date() < ctx.as_of and ctx.done(confirmed):
                line.confirmed = end = confirmed
        line.holds.append((at, end, outcome))
    elif outcome in ANSWERED:
        line.words.append((at, contact_id, True))
    if at > line.last_at:
        line.last_at = at


def confirmed_before(line: Line, at: dt.datetime, contact_id: int) -> bool:
    """Whether the borrower confirmed the number theirs before the call made at `at` while a
    contact's finding held it (then it no longer does): once a number at most; and now and then,
    chosen by id, a supervisor let the call through instead."""
    hold = line.hold_at(at)
    if hold is None or line.confirmed is not None or contact_id % OVERRIDE_EVERY == 0:
        return False
    start, _, outcome = hold
    day = at.astimezone(OFFICE_ZONE).date() - dt.timedelta(days=1)
    confirmed = local_to_utc(day, 15 * 60 + contact_id % 120)
    if confirmed <= start:  # found wrong the day before or that day: between the two
        confirmed = start + (at - start) // 2 // MINUTE * MINUTE
    if not start < confirmed < at:
        return False
    line.confirmed = confirmed
    line.holds[line.holds.index(hold)] = (start, confirmed, outcome)
    return True


def call_outcome(line: Line, at: dt.datetime, outcome: Outcome) -> Outcome:
    """The outcome drawn, unless it finds the number wrong before a contact already drawn on it."""
    return Outcome.NO_ANSWER if outcome in NOT_VALID and at < line.last_at else outcome


def forget(lines: list[Line], dropped: Collection[int]) -> None:
    """Contacts taken back (app/demo/pauses.py): what they found of the numbers is not on record."""
    for line in lines:
        line.words = [w for w in line.words if w[1] not in dropped]


def number_findings(
    findings: list[dict[str, Any]], hold: tuple[dt.datetime, dt.datetime, Outcome]
) -> list[dict[str, Any]]:
    """The rule number_found_invalid's findings (worked out for a typical call) for a call on a
    number found wrong by a contact at `hold`'s start, with that contact's day and outcome."""
    found, _, outcome = hold
    day = found.astimezone(OFFICE_ZONE).date().isoformat()  # a call from 08:00: the same day there
    return [
        {**f, "params": {**f["params"], "date": day, "outcome": outcome.value}}
        if f["rule"] == "number_found_invalid"
        else f
        for f in findings
    ]
