"""What a call or message tells of the borrower's number it was made to: a wrong number, or one
not in service, is marked not valid; a number the borrower answered on is valid again.

The contact dialog and `contact log` then go to a valid number first, the third-party rules
read a borrower with no valid number left as unreachable, and the rule number_found_invalid holds
a call or SMS to a number found not valid (judged from the contacts, as of the contact's time).
Only the newest contact on a number speaks for it: one logged after the fact, with a later
contact on the number since, or the borrower's confirming it theirs since (app/phone_confirm.py),
changes nothing. Audited, with the number masked, as
`phone.valid`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import personal
from app.models import Channel, ContactAttempt, Outcome, Party, Phone, User
from app.privacy import mask_phone

NOT_VALID = (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER)
ANSWERED = (Outcome.CONNECTED, Outcome.REFUSED)  # the borrower was on the line


def says(channel: Channel, party: Party, outcome: Outcome | None) -> bool | None:
    """Whether a contact on a number of the borrower's shows it valid (True), not valid (False),
    or says nothing (None). The rule number_found_invalid reads the borrower's contacts alike."""
    if party is not Party.BORROWER or channel not in (Channel.CALL, Channel.SMS):
        return None
    if outcome in NOT_VALID:
        return False
    if channel is Channel.CALL and outcome in ANSWERED:
        return True
    return None


def said_of_number(attempt: ContactAttempt) -> bool | None:
    """Whether the contact shows its number valid (True), not valid (False), or says nothing."""
    if not attempt.phone_number:
        return None
    return says(attempt.channel, attempt.party, attempt.outcome)


def note_number(
    session: Session, user: User, attempt: ContactAttempt, borrower_id: int, case_no: str
) -> Phone | None:
    """Mark the borrower's number as the saved contact `attempt` found it; the phone when it
    changed, else None."""
    valid = said_of_number(attempt)
    if valid is None:
        return None
    phone = session.scalar(
        select(Phone).where(Phone.borrower_id == borrower_id, Phone.number == attempt.phone_number)
    )
    if phone is None or phone.valid == valid:
        return None
    if phone.confirmed_at is not None and attempt.at < phone.confirmed_at:
        return None  # logged after the fact: the borrower confirmed the number since
    later = session.scalar(
        select(ContactAttempt.id)
        .where(
            ContactAttempt.phone_number == attempt.phone_number,
            ContactAttempt.at > attempt.at,
            ContactAttempt.id != attempt.id,
        )
        .limit(1)
    )
    if later is not None:
        return None
    phone.valid = valid
    borrower_no = phone.borrower.borrower_no
    audit.record(
        session,
        user,
        "phone.valid",
        "borrower",
        borrower_no,
        {
            "phone": personal(session, borrower_id, mask_phone(phone.number)),
            "valid": [not valid, valid],
            "outcome": attempt.outcome.value,
            "case": case_no,
        },
    )
    return phone
