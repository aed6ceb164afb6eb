"""The demo borrowers' confirmations of numbers a contact had found wrong (app/demo/numbers.py),
in the audit trail as app/phone_confirm.py `confirm_number` writes them: a supervisor's
"phone.valid" entry at the confirmation's time, the number masked, how the borrower confirmed it
and why. On another of their numbers when one was good then (no contact on it had found it wrong
by then), else in writing. Written as they stood before sealing, as the demo's other history.
Deterministic."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.masking import mask_phone
from app.models import Borrower, Channel, ContactAttempt, Outcome, Party, Phone, User
from app.roles import Role

CONFIRM_REASONS = {
    "other_number": (
        "借款人在另一号码上接听，确认原号码仍为本人使用，此前称打错系本人推脱。",
        "借款人来电说明原号码曾欠费停机，现已复机，仍为本人使用。",
    ),
    "writing": (
        "借款人来函确认该号码为本人使用，附身份证复印件。",
        "借款人书面说明此前系家人代接，该号码仍为本人使用。",
    ),
}
NOT_VALID = (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER)
SAYS = (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER, Outcome.CONNECTED, Outcome.REFUSED)
CHUNK = 500  # ids or numbers to an IN (well under every database's limit on parameters)


def record_confirmations(session: Session) -> int:
    """The "phone.valid" entry of each confirmed number, in time order; returns how many."""
    return audit.record_many(
        session,
        (
            (who, "phone.valid", "borrower", no, changes, at)
            for who, no, changes, at in _entries(session)
        ),
    )


def _entries(session: Session) -> list[tuple[User | None, str, dict[str, object], dt.datetime]]:
    """Who confirmed which borrower's number when, and the entry's changes, in time order."""
    supervisors = list(
        session.scalars(select(User).where(User.role == Role.SUPERVISOR).order_by(User.id))
    )
    confirmed = session.execute(
        select(Phone.id, Phone.borrower_id, Phone.number, Phone.confirmed_at, Borrower.borrower_no)
        .join(Borrower, Borrower.id == Phone.borrower_id)
        .where(Phone.confirmed_at.is_not(None))
        .order_by(Phone.confirmed_at, Phone.id)
    ).all()
    numbers = _numbers(session, {row.borrower_id for row in confirmed})
    said = _said(session, {n for owned in numbers.values() for n in owned})
    entries = []
    for phone_id, borrower_id, number, at, borrower_no in confirmed:
        assert at is not None  # the confirmed numbers only
        at = _utc(at)
        others = (n for n in numbers[borrower_id] if n != number)
        how = "other_number" if any(_good(said, n, at) for n in others) else "writing"
        reasons = CONFIRM_REASONS[how]
        changes: dict[str, object] = {
            "phone": mask_phone(number),
            "valid": [_good(said, number, at), True],
            "confirmed": how,
            "reason": reasons[phone_id % len(reasons)],
        }
        who = supervisors[phone_id % len(supervisors)] if supervisors else None
        entries.append((who, borrower_no, changes, at))
    return entries


def _numbers(session: Session, borrowers: set[int]) -> dict[int, list[str]]:
    """Each of those borrowers' numbers."""
    found: dict[int, list[str]] = {b: [] for b in borrowers}
    ids = sorted(borrowers)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for borrower_id, number in session.execute(
            select(Phone.borrower_id, Phone.number).where(Phone.borrower_id.in_(chunk))
        ):
            found[borrower_id].append(number)
    return found


def _said(session: Session, numbers: set[str]) -> dict[str, list[tuple[dt.datetime, Outcome]]]:
    """What the contacts to the borrower on each number said of it, oldest first (one read for
    them all: a query per number and moment took seconds of the reference office's build)."""
    found: dict[str, list[tuple[dt.datetime, int, Outcome]]] = {n: [] for n in numbers}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), CHUNK):
        rows = session.execute(
            select(
                ContactAttempt.phone_number,
                ContactAttempt.at,
                ContactAttempt.id,
                ContactAttempt.outcome,
            ).where(
                ContactAttempt.phone_number.in_(ordered[start : start + CHUNK]),
                ContactAttempt.party == Party.BORROWER,
                ContactAttempt.channel.in_((Channel.CALL, Channel.SMS)),
                ContactAttempt.outcome.in_(SAYS),
            )
        )
        for number, at, contact_id, outcome in rows:
            assert number is not None  # found by it
            found[number].append((at, contact_id, outcome))
    return {n: [(at, outcome) for at, _id, outcome in sorted(said)] for n, said in found.items()}


def _good(said: dict[str, list[tuple[dt.datetime, Outcome]]], number: str, at: dt.datetime) -> bool:
    """Whether the number was marked valid at `at`: the newest contact on it that said anything
    of it had not found it wrong (a call the borrower answered, let through, makes it valid)."""
    history = said.get(number, [])
    before = bisect_right(history, at, key=lambda entry: entry[0])
    return before == 0 or history[before - 1][1] not in NOT_VALID


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
