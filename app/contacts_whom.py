"""Whom a contact reaches: the party a related person is contacted as, the number dialled in
E.164, and whose number on file that is.

A number on file says whose line it is, and the rules that protect that person follow the line:
`whom` is the one place (the window's contact dialog and `contact log|check` all go through
`app.contacts.make_action`) that turns the party, person and number the user gave into the party
and person the rule set judges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

import phonenumbers
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.compliance.prepared import fetch
from app.compliance.target import Target
from app.country_data import office_country, takes_no_sms
from app.digits import LARGEST_WHOLE
from app.errors import NotFound, ValidationError
from app.i18n import Words
from app.labels import PARTY, RELATION
from app.masking import mask_phone
from app.models import Channel, Party, RelatedPerson, Relationship

# The party a related person is contacted as: the party follows the person's recorded relation
# (a guarantor is a party to the debt; everyone else is a third party under the rule set).
PARTY_OF_RELATION = {
    Relationship.GUARANTOR: Party.GUARANTOR,
    Relationship.SPOUSE: Party.RELATIVE,
    Relationship.PARENT: Party.RELATIVE,
    Relationship.CHILD: Party.RELATIVE,
    Relationship.SIBLING: Party.RELATIVE,
    Relationship.RELATIVE: Party.RELATIVE,
    Relationship.EMPLOYER: Party.EMPLOYER,
    Relationship.COLLEAGUE: Party.EMPLOYER,
    Relationship.FRIEND: Party.OTHER,
    # Logged as "other", but not a third party: the rules know the lawyer by the relation.
    Relationship.LAWYER: Party.OTHER,
    Relationship.OTHER: Party.OTHER,
}
PHONE_CHANNELS = (Channel.CALL, Channel.SMS)
_PHONE_JUNK = str.maketrans("", "", " -()\u00a0\u3000")


def dialled(text: str, known: tuple[str, ...], region: str = "CN") -> str:
    """The number in E.164 (+8615220852975), however it was written, one without a country code
    read as `region`'s (the office's country); a clear error when it is not a phone number. A
    stored number (E.164, checked when stored) is matched without parsing."""
    compact = text.strip().translate(_PHONE_JUNK)
    # A US or UK office may hold Chinese numbers too (its rule set was switched): a number that
    # is none of its country's is read as a Chinese one, the way it was before.
    regions = (region, "CN") if region != "CN" else ("CN",)
    prefixes = [f"+{phonenumbers.country_code_for_region(r)}" for r in regions]
    for candidate in (compact, *(prefix + compact for prefix in prefixes)):
        if candidate in known:
            return candidate
    for r in regions:
        try:
            number = phonenumbers.parse(text, r)
        except phonenumbers.NumberParseException:
            raise ValidationError("Not a phone number: {value}", value=text) from None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValidationError("Not a phone number: {value}", value=text)


def e164_on_file(stored: str) -> str:
    """A number on file in E.164 (they are stored so; an older or hand-made row may not be)."""
    compact = stored.strip().translate(_PHONE_JUNK)
    if compact.startswith("+"):
        return compact
    try:
        return dialled(compact, ())
    except ValidationError:
        return compact


def sms_number(target: Target) -> str | None:
    """The number an SMS to the borrower goes to when none is named: the first of their numbers
    (valid first, the primary first) that takes SMS; refused when all they have are landlines."""
    mobile = next((n for n, kind in target.phones if not takes_no_sms(e164_on_file(n), kind)), None)
    if mobile is None and target.phones:
        raise ValidationError(
            "The borrower has no mobile number on file: {number} is a landline, and a landline "
            "cannot receive SMS.",
            number=mask_phone(target.phones[0][0]),
        )
    return mobile


def refuse_landline(number: str, kind: str | None) -> None:
    """Refuse an SMS to a landline (`kind`: the number's kind on file, None when not on file)."""
    if takes_no_sms(e164_on_file(number), kind):
        raise ValidationError(
            "{number} is a landline: a landline cannot receive SMS.", number=mask_phone(number)
        )


def refuse_no_number(who: Party, person: Any) -> NoReturn:
    """Refuse a call or SMS with no number to reach: nothing was dialled, so nothing happened
    that could be recorded as connected or delivered (nor counted by a per-number cap)."""
    if who is Party.BORROWER:
        raise ValidationError(
            "The borrower has no phone number on file: record one first "
            "(Add… beside Phones on the borrower pane, or casedesk borrower phone)."
        )
    raise ValidationError(
        "{person} has no phone number on file: record one first (Edit… beside Related "
        "persons on the borrower pane, or casedesk borrower person edit … --phone).",
        person=person.name,
    )


@cache
def _people() -> Select[*tuple[Any, ...]]:
    """The borrower's related persons: what deciding whom a number reaches needs."""
    r = RelatedPerson
    return (
        select(r.id, r.name, r.relation, r.phone, r.active)
        .where(r.borrower_id == bindparam("borrower_id"))
        .order_by(r.id)
    )


@dataclass(frozen=True)
class Whom:
    """Whom the contact reaches, as the rules judge it."""

    party: Party
    person_id: int | None
    number: str | None  # E.164; None for a letter (a call or SMS with none is refused)


def _relation(person: Any) -> Words:
    return Words(RELATION[Relationship(person.relation).value])


def _party_words(party: Party) -> Words:
    return Words(PARTY[party.value])


def _check_party(person: Any, who: Party) -> None:
    """A related person is contacted as the party their relation says (never as the borrower;
    a guarantor only when recorded as one)."""
    expected = PARTY_OF_RELATION[Relationship(person.relation)]
    if who is not expected:
        raise ValidationError(
            "{person} is recorded as {relation}: the party of this contact is {party}, "
            "not {given}.",
            person=person.name,
            relation=_relation(person),
            party=_party_words(expected),
            given=_party_words(who),
        )


def _owner(number: str, owners: list[Any], who: Party, named: Any | None) -> Any | None:
    """The related person whose number on file was dialled (None when it is nobody's); a clear
    refusal when the party or the person given is not the one the number belongs to."""
    if not owners:
        return named
    shown = mask_phone(number)
    if named is not None:
        if any(o.id == named.id for o in owners):
            return named
        raise ValidationError(
            "{number} is the number on file of {owner} ({relation}), not of {person}.",
            number=shown,
            owner=owners[0].name,
            relation=_relation(owners[0]),
            person=named.name,
        )
    if who is Party.BORROWER:
        raise ValidationError(
            "{number} is not the borrower's: it is the number on file of {owner} ({relation}); "
            "log the contact with that person.",
            number=shown,
            owner=owners[0].name,
            relation=_relation(owners[0]),
        )
    if len(owners) > 1:
        raise ValidationError(
            "{number} is on file for {names}: name the person who was contacted.",
            number=shown,
            names=tuple(o.name for o in owners),
        )
    _check_party(owners[0], who)
    return owners[0]


def refuse_unrelated(session: Session, person_id: int) -> NoReturn:
    """A named person not among the borrower's: one nobody recorded is NotFound, as an unknown
    case or borrower is; another borrower's is not related to this one."""
    stored = abs(person_id) <= LARGEST_WHOLE and session.scalar(
        select(RelatedPerson.id).where(RelatedPerson.id == person_id)
    )
    if not stored:
        raise NotFound("There is no related person with the id {person}.", person=person_id)
    raise ValidationError("That person is not related to this case's borrower.")


def whom(
    session: Session,
    target: Target,
    channel: Channel,
    who: Party,
    person_id: int | None,
    phone_number: str | None,
) -> Whom:
    """The party, related person and number of a contact, checked against the numbers on file.

    A number on file is its owner's line, and the rules that protect the owner follow it:

    - The borrower's own number (any of their phones, valid or not) is a contact with the
      borrower, whoever picks up: logged as another party it is refused, naming whose number it
      is. Refused rather than quietly relabelled, because a compliance officer reads the party as
      the agent's own account of whom they reached: the record must not say something the agent
      did not, and relabelling would hide the mistake (or the attempt) instead of correcting it.
      Logged again as the borrower, every borrower rule judges it — the stop list, the caps,
      quiet hours — and a block is recorded for the compliance report as every block is. It is
      also the rule already kept for a named person's relation (a spouse is not a "guarantor").
    - A related person's number is that person: their do-not-contact, their consent and the
      third-party rules judge it and the contact records them (related_person_id), as when the
      person is named. A party that does not fit them, the borrower as the party, or another
      named person is refused the same way.
    """
    people = fetch(session, _people(), {"borrower_id": target.borrower_id})
    person = None
    if person_id is not None:
        person = next((p for p in people if p.id == person_id), None)
        if person is None:  # said before the party: a person who does not exist is no party
            refuse_unrelated(session, person_id)
        if who is Party.BORROWER:
            raise ValidationError(
                "A related person is not the borrower: choose the party that person is."
            )
        if not person.active:  # removed; kept only for the contacts already logged with them
            raise ValidationError(
                "{person} was removed from the borrower's related persons.", person=person.name
            )
        _check_party(person, who)
    elif who is Party.GUARANTOR:
        raise ValidationError("Name the guarantor: a related person recorded as guarantor.")
    if channel not in PHONE_CHANNELS:
        return Whom(who, person.id if person else None, None)
    number: str | None = None
    if phone_number and phone_number.strip():
        on_file = (*(n for n, _kind in target.phones), *(p.phone for p in people if p.phone))
        number = dialled(phone_number, on_file, office_country(session))
    elif who is Party.BORROWER and channel is Channel.SMS:
        number = sms_number(target)  # an SMS: their first mobile, never a landline
    elif who is Party.BORROWER:
        number = target.primary_number  # a call to the borrower: their primary number
    elif person is not None and person.phone:
        number = person.phone
    if number is None:
        if who is Party.BORROWER or person is not None:
            refuse_no_number(who, person)
        # A third party neither named nor dialled: unidentified, counted as any earlier one
        # (app/compliance: a third party once only).
        return Whom(who, None, None)
    key = e164_on_file(number)
    if channel is Channel.SMS:
        refuse_landline(number, next((k for n, k in target.phones if e164_on_file(n) == key), None))
    if any(e164_on_file(n) == key for n, _kind in target.phones):
        if who is not Party.BORROWER:
            raise ValidationError(
                "{number} is the borrower's number on file: a call or message to it is a "
                "contact with the borrower, whoever answers; log it with the borrower as the "
                "party.",
                number=mask_phone(number),
            )
        return Whom(who, None, number)
    # A removed person is no longer the number's owner (only their do-not-contact still follows
    # it: app.compliance.number_holders).
    owners = [p for p in people if p.active and p.phone and e164_on_file(p.phone) == key]
    person = _owner(number, owners, who, person)
    return Whom(who, person.id if person else None, number)
