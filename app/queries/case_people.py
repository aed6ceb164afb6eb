"""The people related to a case's borrower, as the case page and `casedesk case show` list them:
each with the id a contact with them is logged by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import RelatedPerson
from app.privacy import mask_phone


@dataclass(frozen=True)
class CasePerson:
    """Someone related to the case's borrower, as a contact with them is logged: the person's id
    is what `contact log|check --person` takes, with `--party` the party their relation makes them
    (a guarantor is a party to the debt; the others are third parties)."""

    person_id: int
    name: str
    relation: str  # app.models.Relationship value
    party: str  # app.models.Party value
    phone: str  # masked, "" when unknown
    consent: bool  # agreed to be contacted
    do_not_contact: bool


def related_people(session: Session, borrower_id: int) -> list[CasePerson]:
    """The borrower's related people with their ids, in the order they were recorded."""
    from app.contacts import PARTY_OF_RELATION

    people = session.scalars(
        select(RelatedPerson)
        .where(RelatedPerson.borrower_id == borrower_id, RelatedPerson.active)
        .order_by(RelatedPerson.id)
    )
    return [
        CasePerson(
            person_id=r.id,
            name=r.name,
            relation=str(r.relation),
            party=str(PARTY_OF_RELATION[r.relation]),
            phone=mask_phone(r.phone) if r.phone else "",
            consent=r.consent_to_contact,
            do_not_contact=r.do_not_contact,
        )
        for r in people
    ]
