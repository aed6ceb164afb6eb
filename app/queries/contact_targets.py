"""Whom a contact on one case can reach: the borrower's phone numbers, addresses (where a letter
goes) and related persons.

Read-only. Numbers come masked for display and in full as the value the contact use case stores
(the caps count attempts per number, so the full number is what log_contact needs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.contacts import find_case
from app.models import Address, Borrower, Phone, RelatedPerson, User
from app.postcodes import with_postcode
from app.privacy import mask_address, mask_phone, mask_postcode


@dataclass(frozen=True)
class PhoneTarget:
    number: str  # full, E.164 — the value passed to log_contact
    masked: str  # for display
    kind: str  # mobile | home | work
    is_primary: bool
    valid: bool


@dataclass(frozen=True)
class AddressTarget:
    kind: str  # home | work | registered
    masked: str  # the line and postcode masked as everywhere they are shown (app.masking)
    city: str
    verified_on: dt.date | None


@dataclass(frozen=True)
class PersonTarget:
    id: int
    name: str
    relation: str  # app.models.Relationship value
    phone: str  # full, "" when unknown
    masked_phone: str
    consent: bool
    do_not_contact: bool


@dataclass(frozen=True)
class ContactTargets:
    case_no: str
    borrower_no: str  # whose numbers these are (app.phone_confirm takes it)
    borrower_name: str
    timezone: str  # the borrower's: quiet hours are judged in it
    paused: bool
    closed: bool
    phones: list[PhoneTarget] = field(default_factory=list)
    addresses: list[AddressTarget] = field(default_factory=list)
    persons: list[PersonTarget] = field(default_factory=list)


def contact_targets(session: Session, user: User, case_no: str) -> ContactTargets:
    """The borrower's phones (valid ones first, of those the primary), addresses (the home one
    first, as a visit's) and related persons for a case the user may open."""
    case = find_case(session, user, case_no)
    borrower = session.get(Borrower, case.loan.borrower_id)
    assert borrower is not None
    phones = session.scalars(
        select(Phone)
        .where(Phone.borrower_id == borrower.id)
        .order_by(Phone.valid.desc(), Phone.is_primary.desc(), Phone.id)
    )
    addresses = session.scalars(
        select(Address)
        .where(Address.borrower_id == borrower.id)
        .order_by(Address.kind != "home", Address.id)
    )
    persons = session.scalars(
        select(RelatedPerson)
        .where(RelatedPerson.borrower_id == borrower.id, RelatedPerson.active)
        .order_by(RelatedPerson.id)
    )
    return ContactTargets(
        case_no=case.case_no,
        borrower_no=borrower.borrower_no,
        borrower_name=borrower.name,
        timezone=borrower.timezone,
        paused=case.paused,
        closed=str(case.status) == "closed",
        phones=[
            PhoneTarget(p.number, mask_phone(p.number), p.kind, p.is_primary, p.valid)
            for p in phones
        ],
        addresses=[
            AddressTarget(
                a.kind,
                with_postcode(mask_address(a.line), mask_postcode(a.postcode)),
                a.city,
                a.verified_on,
            )
            for a in addresses
        ],
        persons=[
            PersonTarget(
                r.id,
                r.name,
                str(r.relation),
                r.phone or "",
                mask_phone(r.phone) if r.phone else "",
                r.consent_to_contact,
                r.do_not_contact,
            )
            for r in persons
        ],
    )
