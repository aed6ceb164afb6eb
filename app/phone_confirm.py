"""The borrower confirms that a number a contact found wrong or not in service is theirs: in a
visit, on another of their numbers, or in writing. A supervisor's or admin's, for a written
reason (the rule number_found_invalid holds such a number so that a debt reminder does not reach
a stranger; lifting that for every later contact is lifting a restriction on contact, as
EDIT_BORROWERS has it, and more than one override). The number is valid again and the rule reads
the confirmation as the borrower answering on it then (Phone.confirmed_at,
app.compliance.context.history); a later contact that finds it wrong again holds it again.
Audited, with the number masked, as `phone.valid`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import personal
from app.auth import Permission, require
from app.borrower_phones import number_on_file
from app.borrowers import find_borrower
from app.erased import refuse_erased
from app.errors import NotFound, ValidationError
from app.i18n import tr
from app.labels import CONFIRMED_HOW, KIND
from app.models import ContactAttempt, Phone, User
from app.models.base import utcnow
from app.phone_validity import NOT_VALID
from app.privacy import mask_phone
from app.reasons import short_reason

HOW = CONFIRMED_HOW  # how the borrower confirmed it: key -> words (msgids)


def confirm_number(
    session: Session, actor: User, borrower_no: str, number: str, *, how: str, reason: str
) -> Phone:
    """Record that the borrower confirmed `number` as theirs; the phone, valid again."""
    require(actor, Permission.EDIT_BORROWERS)
    borrower = find_borrower(session, borrower_no)
    refuse_erased(session, borrower.id)
    if how not in HOW:
        raise ValidationError(
            "Unknown way of confirming {how}; choose from: {choices}.",
            how=how,
            choices=list(HOW),
        )
    refusal = short_reason(reason)
    if refusal is not None:
        raise refusal
    found = number_on_file(session, borrower.id, number)
    e164, phone = found.number, found.phone
    if phone is None:
        raise NotFound("{number} is not one of this borrower's numbers.", number=mask_phone(e164))
    # Not refused when the number is marked valid: the rule reads the contacts, and a number
    # held by it may be marked valid (one from before the rule, the demo's).
    was = phone.valid
    phone.valid = True
    phone.confirmed_at = confirmation_time(session, e164)
    session.flush()
    audit.record(
        session,
        actor,
        "phone.valid",
        "borrower",
        borrower.borrower_no,
        {
            "phone": personal(session, borrower.id, mask_phone(e164)),
            "valid": [was, True],
            "confirmed": how,
            "reason": personal(session, borrower.id, reason.strip()),
        },
    )
    return phone


def confirmation_time(session: Session, e164: str) -> dt.datetime:
    """When the confirmation counts from: to the minute, as a contact's time is typed (a call
    logged at the minute of the confirmation, the contact dialog's time just confirmed there, is
    judged after it); but never before a contact already on file that found the number wrong,
    which `contact log` times to the second (10:00:20, confirmed at 10:00:40: stamped 10:00, the
    rule went on holding the number shown valid)."""
    now = utcnow()
    found = session.scalar(
        select(func.max(ContactAttempt.at)).where(
            ContactAttempt.phone_number == e164,
            ContactAttempt.outcome.in_(NOT_VALID),
            ContactAttempt.at <= now,
        )
    )
    stamp = now.replace(second=0, microsecond=0)
    if found is None:
        return stamp
    return max(stamp, found if found.tzinfo else found.replace(tzinfo=dt.UTC))


def numbers_to_confirm(session: Session, actor: User, borrower_no: str) -> list[tuple[str, str]]:
    """The borrower's numbers marked not valid, each (E.164, masked · kind), primary first: what
    the window offers to confirm."""
    require(actor, Permission.EDIT_BORROWERS)
    borrower = find_borrower(session, borrower_no)
    rows = session.execute(
        select(Phone.number, Phone.kind)
        .where(Phone.borrower_id == borrower.id, ~Phone.valid)
        .order_by(Phone.is_primary.desc(), Phone.id)
    )
    return [(number, f"{mask_phone(number)} · {tr(KIND[kind])}") for number, kind in rows]
