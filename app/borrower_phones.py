"""A number the borrower gives (a new mobile, a work line), recorded by whoever works their case
(an agent, for the borrowers of the cases assigned to them: app.borrower_scope): checked as a
phone number and kept in E.164, never twice for one borrower, never a related person's number
filed as the borrower's, never one on file for someone else unless a supervisor records why the
borrower shares it (app.phone_shared); the new primary number, if it is one. Audited with the
number masked, as `phone.add`. A number found wrong later is marked by the contact
(app/phone_validity)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import personal
from app.auth import Permission, require
from app.borrower_scope import refuse_unheld
from app.borrowers import find_borrower
from app.contacts_whom import dialled
from app.country_data import office_country
from app.erased import refuse_erased
from app.errors import ValidationError
from app.models import Phone, RelatedPerson, User
from app.phone_shared import other_holder, refusal
from app.privacy import mask_phone
from app.reasons import short_reason

KINDS = ("mobile", "home", "work")
MAX_NOTE = 200


@dataclass(frozen=True)
class OnFile:
    number: str  # the typed number in E.164
    phones: list[Phone]  # all the borrower's phones
    phone: Phone | None  # the one with that number
    person: str | None  # else the related person whose number it is, by name


def number_on_file(
    session: Session, borrower_id: int, typed: str, *, match_stored: bool = True
) -> OnFile:
    """The typed number in E.164 (the office's country) and whose of the borrower's it is."""
    if not (typed or "").strip():
        raise ValidationError("Type the number.")
    phones = list(session.scalars(select(Phone).where(Phone.borrower_id == borrower_id)))
    # match_stored: a number typed as one on file is read as it is stored, even one the library
    # cannot read; a new number (add_phone) is read as typed only.
    known = tuple(p.number for p in phones) if match_stored else ()
    e164 = dialled(typed, known, office_country(session))
    phone = next((p for p in phones if p.number == e164), None)
    person = None
    if phone is None:
        person = session.scalar(
            select(RelatedPerson.name).where(
                RelatedPerson.borrower_id == borrower_id, RelatedPerson.phone == e164
            )
        )
    return OnFile(e164, phones, phone, person)


def add_phone(
    session: Session,
    actor: User,
    borrower_no: str,
    number: str,
    *,
    kind: str = "mobile",
    primary: bool = False,
    note: str = "",
    shared_reason: str = "",
) -> Phone:
    """Record a number of the borrower's; with `primary`, the one calls go to first. One on file
    for someone else only from a supervisor or admin, with `shared_reason`: why the borrower
    shares it (SharedNumber otherwise, saying as much of the holder as the user may know)."""
    require(actor, Permission.RECORD_CONTACTS)
    borrower = find_borrower(session, borrower_no)
    refuse_unheld(session, actor, borrower)
    refuse_erased(session, borrower.id)
    if kind not in KINDS:
        raise ValidationError(
            "Unknown kind of number {kind}; choose from: {choices}.",
            kind=kind,
            choices=list(KINDS),
        )
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise ValidationError("The note is longer than {max} characters.", max=MAX_NOTE)
    found = number_on_file(session, borrower.id, number, match_stored=False)
    e164, phones = found.number, found.phones
    if found.phone is not None:
        raise ValidationError(
            "{number} is already on file for this borrower.", number=mask_phone(e164)
        )
    if found.person is not None:
        raise ValidationError(
            "{number} is {person}'s, a person related to the borrower: it is not the borrower's.",
            number=mask_phone(e164),
            person=found.person,
        )
    holder = other_holder(session, borrower.id, e164)
    shared = (shared_reason or "").strip()
    if holder is not None:
        refused = refusal(actor, e164, holder)
        if not (refused.may_confirm and shared):
            raise refused
        too_short = short_reason(shared)
        if too_short is not None:
            raise too_short
    first = not phones
    if primary or first:
        for p in phones:
            p.is_primary = False
    phone = Phone(borrower_id=borrower.id, number=e164, kind=kind, is_primary=primary or first)
    session.add(phone)
    session.flush()
    changes: dict[str, Any] = {
        "phone": personal(session, borrower.id, mask_phone(e164)),
        "kind": kind,
        "primary": phone.is_primary,
        "note": personal(session, borrower.id, text),
    }
    if holder is not None:
        changes["shared_with"] = holder.borrower_no
        changes["shared"] = personal(session, borrower.id, shared)
    audit.record(session, actor, "phone.add", "borrower", borrower.borrower_no, changes)
    return phone
