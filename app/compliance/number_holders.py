"""A related person's do-not-contact follows their number: a call or SMS to a number that any
person related to the borrower holds (active or removed, kept inactive) who asked not to be
contacted is judged as reaching that person, whoever the contact is logged with (QA17: a person
removed and added again with the same number must not get around their wish)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.back_dated import person_then
from app.contacts_whom import e164_on_file
from app.models import RelatedPerson


def _same(a: str, b: str) -> bool:
    return e164_on_file(a) == e164_on_file(b)


def number_do_not_contact(
    session: Session,
    borrower_id: int,
    number: str | None,
    skip: int | None,
    then: dt.datetime | None = None,
) -> bool:
    """Whether a person of the borrower other than `skip` who holds `number` asked not to be
    contacted (as it stood at `then` for a contact logged after the fact)."""
    if not number:
        return False
    people = session.execute(
        select(RelatedPerson.id, RelatedPerson.phone, RelatedPerson.do_not_contact).where(
            RelatedPerson.borrower_id == borrower_id, RelatedPerson.phone != ""
        )
    ).all()
    for person_id, phone, flag in people:
        if person_id == skip or not phone or not _same(phone, number):
            continue
        held = {"do_not_contact": bool(flag)}
        if then is not None:
            held = person_then(session, borrower_id, person_id, held, then)
        if held["do_not_contact"]:
            return True
    return False
