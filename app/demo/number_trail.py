"""The demo borrowers' confirmations of numbers a contact had found wrong (app/demo/numbers.py),
in the audit trail as app/phone_confirm.py `confirm_number` writes them: a supervisor's
"phone.valid" entry at the confirmation's time, the number masked, how the borrower confirmed it
and why. On another of their numbers when one was good then (no contact on it had found it wrong
by then), else in writing. Written as they stood before sealing, as the demo's other history.
Deterministic."""

from __future__ import annotations

import datetime as dt

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


def record_confirmations(session: Session) -> int:
    """The "phone.valid" entry of each confirmed number, in time order; returns how many."""
    supervisors = list(
        session.scalars(select(User).where(User.role == Role.SUPERVISOR).order_by(User.id))
    )
    confirmed = session.execute(
        select(Phone.id, Phone.borrower_id, Phone.number, Phone.confirmed_at, Borrower.borrower_no)
        .join(Borrower, Borrower.id == Phone.borrower_id)
        .where(Phone.confirmed_at.is_not(None))
        .order_by(Phone.confirmed_at, Phone.id)
    ).all()
    entries = []
    for phone_id, borrower_id, number, at, borrower_no in confirmed:
        assert at is not None  # the confirmed numbers only
        at = _utc(at)
        how = "other_number" if _other_good(session, borrower_id, number, at) else "writing"
        reasons = CONFIRM_REASONS[how]
        changes = {
            "phone": mask_phone(number),
            "valid": [_good(session, number, at), True],
            "confirmed": how,
            "reason": reasons[phone_id % len(reasons)],
        }
        who = supervisors[phone_id % len(supervisors)] if supervisors else None
        entries.append((who, borrower_no, changes, at))
    return audit.record_many(
        session,
        ((who, "phone.valid", "borrower", no, changes, at) for who, no, changes, at in entries),
    )


def _other_good(session: Session, borrower_id: int, number: str, at: dt.datetime) -> bool:
    """Whether the borrower had another number no contact had found wrong by `at`."""
    others = session.scalars(
        select(Phone.number).where(Phone.borrower_id == borrower_id, Phone.number != number)
    ).all()
    return any(_good(session, other, at) for other in others)


def _good(session: Session, number: str, at: dt.datetime) -> bool:
    """Whether the number was marked valid at `at`: the newest contact on it that said anything
    of it had not found it wrong (a call the borrower answered, let through, makes it valid)."""
    newest = session.scalar(
        select(ContactAttempt.outcome)
        .where(
            ContactAttempt.phone_number == number,
            ContactAttempt.party == Party.BORROWER,
            ContactAttempt.channel.in_((Channel.CALL, Channel.SMS)),
            ContactAttempt.outcome.in_(SAYS),
            ContactAttempt.at <= at,
        )
        .order_by(ContactAttempt.at.desc(), ContactAttempt.id.desc())
        .limit(1)
    )
    return newest not in NOT_VALID


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
