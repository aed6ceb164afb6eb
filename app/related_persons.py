"""A borrower's related persons (guarantor, relative, employer …) recorded, changed and removed by
whoever works the borrower's case (app.borrower_scope), as numbers are (app.borrower_phones).

A related person's number is checked and kept in E.164; it is never one of the borrower's own
numbers, never twice among their related persons, and one on file for someone else only from a
supervisor who records why it is shared (app.phone_shared). Giving consent to be contacted, or
lifting a do-not-contact, is a supervisor's with a written note, as in app.borrowers. Removing a
person never deletes them: they are marked inactive (no longer listed nor offered for a contact),
which keeps their history and the refusal that follows their number, and keeps their id from
being given to the next person added (SQLite reuses a deleted row's id): a script or an open
dialog still holding it is told the person is no longer active, never acts on someone else. Each
change moves the borrower's version and is audited with the personal data sealed
(app.audit_seal): `borrower.person_add`, `borrower.person_edit`, `borrower.person_remove`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app import audit
from app.audit_seal import personal
from app.auth import Permission, can, require
from app.borrower_scope import refuse_unheld
from app.borrowers import find_borrower, person_of
from app.concurrency import saving, stale
from app.contacts_whom import dialled
from app.country_data import office_country
from app.erased import refuse_erased
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import Borrower, Phone, RelatedPerson, Relationship, User
from app.phone_shared import other_holder, refusal
from app.privacy import mask_phone
from app.reasons import short_reason

MAX_NAME = 100
MAX_NOTE = 200
RELATIONS = tuple(r.value for r in Relationship)


@dataclass(frozen=True)
class PersonFields:
    """What is recorded of a related person, as typed."""

    name: str
    relation: str
    phone: str = ""
    consent_to_contact: bool = False
    do_not_contact: bool = False


def _borrower(session: Session, actor: User, borrower_no: str, version: int | None) -> Borrower:
    require(actor, Permission.RECORD_CONTACTS)
    borrower = find_borrower(session, borrower_no, populate_existing=True)
    refuse_unheld(session, actor, borrower)
    refuse_erased(session, borrower.id)
    if version is not None and borrower.version != version:
        raise stale(session, "Borrower", borrower.borrower_no)
    return borrower


def _person(session: Session, borrower: Borrower, person_id: int) -> RelatedPerson:
    person = person_of(session, borrower, person_id)
    if not person.active:
        raise NotFound(
            "Related person {person} of borrower {number} is no longer active: they were removed.",
            number=borrower.borrower_no,
            person=person_id,
        )
    return person


def _name(typed: str) -> str:
    name = " ".join((typed or "").split())
    if not name:
        raise ValidationError("Type the related person's name.")
    if len(name) > MAX_NAME:
        raise ValidationError("The name is longer than {max} characters.", max=MAX_NAME)
    return name


# Other words the command line and the core take for a relation (the window offers a list).
RELATION_WORDS = {"attorney": "lawyer", "律师": "lawyer", "律師": "lawyer"}


def relation_word(typed: str) -> str:
    """The relation a typed word names ("attorney", 律师 → "lawyer"); other words as typed,
    lower-cased (an unknown one is refused by the caller, naming the choices)."""
    value = (typed or "").strip().lower()
    return RELATION_WORDS.get(value, value)


def _relation(typed: str) -> Relationship:
    value = relation_word(typed)
    if value not in RELATIONS:
        raise ValidationError(
            "Unknown relation {relation}; choose from: {choices}.",
            relation=typed,
            choices=list(RELATIONS),
        )
    return Relationship(value)


def _phone(
    session: Session,
    actor: User,
    borrower: Borrower,
    typed: str,
    shared: str,
    person_id: int,
    keeps_wish: bool = False,
) -> tuple[str, str | None]:
    """The number in E.164 ("" for none) and, when newly on file for someone else, who that is
    (the borrower the number is also on file for). `keeps_wish`: the person is recorded with
    do-not-contact set, so a number that asked not to be contacted may be theirs."""
    if not (typed or "").strip():
        return "", None
    current = session.get(RelatedPerson, person_id) if person_id else None
    known = (current.phone,) if current is not None and current.phone else ()
    e164 = dialled(typed, known, office_country(session))
    if current is not None and e164 == current.phone:
        return e164, None  # unchanged: as it was recorded
    if session.scalar(
        select(Phone.id).where(Phone.borrower_id == borrower.id, Phone.number == e164)
    ):
        raise ValidationError(
            "{number} is the borrower's own number: a related person needs a number of their own.",
            number=mask_phone(e164),
        )
    twin = session.scalar(
        select(RelatedPerson.name).where(
            RelatedPerson.borrower_id == borrower.id,
            RelatedPerson.phone == e164,
            RelatedPerson.active,
            RelatedPerson.id != person_id,
        )
    )
    if twin is not None:
        raise ValidationError(
            "{number} is already on file for {person}, a person related to this borrower.",
            number=mask_phone(e164),
            person=twin,
        )
    if not keeps_wish:
        _refuse_asked_not(session, borrower, e164, person_id)
    holder = other_holder(session, borrower.id, e164)
    if holder is None:
        return e164, None
    refused = refusal(actor, e164, holder)
    reason = (shared or "").strip()
    if not (refused.may_confirm and reason):
        raise refused
    too_short = short_reason(reason)
    if too_short is not None:
        raise too_short
    return e164, holder.borrower_no


def _refuse_asked_not(session: Session, borrower: Borrower, e164: str, person_id: int) -> None:
    """Refuse a number that a person of this borrower (a removed one too) holds with
    do-not-contact set, unless the new holder keeps it (QA17): adding the person again must not
    get around their wish. A supervisor lifts it first, with a note, on the person who holds it."""
    holder = session.execute(
        select(RelatedPerson.id, RelatedPerson.name)
        .where(
            RelatedPerson.borrower_id == borrower.id,
            RelatedPerson.phone == e164,
            RelatedPerson.do_not_contact,
            RelatedPerson.id != person_id,
        )
        .order_by(RelatedPerson.id)
    ).first()
    if holder is not None:
        raise refused_asked_not(e164, (holder.id, holder.name), borrower.borrower_no)


def refused_asked_not(e164: str, holder: tuple[int, str], borrower_no: str) -> ValidationError:
    """The refusal of a number that `holder` (id, name) asked not to be contacted on."""
    return ValidationError(
        "{number} is on file for {person} (related person {id}), who asked not to be "
        "contacted. Record this person as Asked not to be contacted too "
        "(--do-not-contact), or have a supervisor lift it first with a note: casedesk borrower "
        'flags {borrower} --person {id} --clear do_not_contact --note "…".',
        number=mask_phone(e164),
        person=holder[1],
        id=holder[0],
        borrower=borrower_no,
    )


def _note(text: str, lifted: bool, actor: User) -> str:
    note = (text or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError("The note is longer than {max} characters.", max=MAX_NOTE)
    if lifted:
        if not can(actor, Permission.EDIT_BORROWERS):
            raise PermissionDenied(
                "Only a supervisor can record a related person's consent to be contacted or "
                "lift their do-not-contact."
            )
        if not note:
            raise ValidationError(
                "Lifting a restriction on contact needs a written reason: say who asked for it "
                "and when."
            )
    return note


def _touch(borrower: Borrower) -> None:
    flag_modified(borrower, "do_not_visit")  # a related person's change moves the version too


def shared_fields(
    session: Session, borrower_id: int, shared_with: str | None, reason: str
) -> dict[str, Any]:
    """An entry's words of a number recorded as shared with someone else (none when not)."""
    if shared_with is None:
        return {}
    return {"shared_with": shared_with, "shared": personal(session, borrower_id, reason.strip())}


def added_changes(
    session: Session,
    borrower_id: int,
    person_id: int,
    name: str,
    relation: Relationship,
    number: str | None,
    *,
    consent: bool = False,
    do_not_contact: bool = False,
    note: str = "",
    shared_with: str | None = None,
    shared_reason: str = "",
) -> dict[str, Any]:
    """The `borrower.person_add` entry's changes, the personal data sealed: one person added by
    hand (add_person) or by the borrowers import (app/importer/related.py)."""
    return {
        "person": personal(session, borrower_id, name),
        "person_id": person_id,
        "relation": relation.value,
        "phone": personal(session, borrower_id, mask_phone(number) if number else ""),
        "consent_to_contact": consent,
        "do_not_contact": do_not_contact,
        "note": personal(session, borrower_id, note),
        **shared_fields(session, borrower_id, shared_with, shared_reason),
    }


def add_person(
    session: Session,
    actor: User,
    borrower_no: str,
    fields: PersonFields,
    *,
    note: str = "",
    shared_reason: str = "",
    expected_version: int | None = None,
) -> RelatedPerson:
    """Record a person related to the borrower; `note` where it came from (needed, from a
    supervisor, when they agreed to be contacted)."""
    borrower = _borrower(session, actor, borrower_no, expected_version)
    name, relation = _name(fields.name), _relation(fields.relation)
    number, shared_with = _phone(
        session, actor, borrower, fields.phone, shared_reason, 0, fields.do_not_contact
    )
    text = _note(note, fields.consent_to_contact, actor)
    person = RelatedPerson(
        borrower_id=borrower.id,
        name=name,
        relation=relation,
        phone=number,
        consent_to_contact=fields.consent_to_contact,
        do_not_contact=fields.do_not_contact,
    )
    with saving(session, "Borrower", borrower.borrower_no):
        session.add(person)
        _touch(borrower)
    changes = added_changes(
        session,
        borrower.id,
        person.id,
        name,
        relation,
        number,
        consent=person.consent_to_contact,
        do_not_contact=person.do_not_contact,
        note=text,
        shared_with=shared_with,
        shared_reason=shared_reason,
    )
    audit.record(session, actor, "borrower.person_add", "borrower", borrower.borrower_no, changes)
    return person


def edit_person(
    session: Session,
    actor: User,
    borrower_no: str,
    person_id: int,
    fields: PersonFields,
    *,
    note: str = "",
    shared_reason: str = "",
    expected_version: int | None = None,
) -> RelatedPerson:
    """Change what is recorded of a related person; only what changed is written and audited
    (nothing changed: nothing written)."""
    borrower = _borrower(session, actor, borrower_no, expected_version)
    person = _person(session, borrower, person_id)
    name, relation = _name(fields.name), _relation(fields.relation)
    number, shared_with = _phone(
        session, actor, borrower, fields.phone, shared_reason, person.id, fields.do_not_contact
    )
    new = {
        "name": name,
        "relation": relation,
        "phone": number,
        "consent_to_contact": fields.consent_to_contact,
        "do_not_contact": fields.do_not_contact,
    }
    old = {key: getattr(person, key) for key in new}
    changed = [key for key in new if new[key] != old[key]]
    if not changed:
        return person
    lifted = (new["consent_to_contact"] and not old["consent_to_contact"]) or (
        old["do_not_contact"] and not new["do_not_contact"]
    )
    text = _note(note, bool(lifted), actor)
    with saving(session, "Borrower", borrower.borrower_no):
        for key in changed:
            setattr(person, key, new[key])
        _touch(borrower)
    changes: dict[str, Any] = {"person": personal(session, borrower.id, old["name"])}
    changes["person_id"] = person.id
    for key in changed:
        if key == "name":
            changes["name"] = personal(session, borrower.id, [old["name"], name])
        elif key == "phone":
            masked = [mask_phone(v) if v else "" for v in (old["phone"], number)]
            changes["phone"] = personal(session, borrower.id, masked)
        elif key == "relation":
            changes["relation"] = [str(old["relation"]), relation.value]
        else:
            changes[key] = [bool(old[key]), bool(new[key])]
    changes["note"] = personal(session, borrower.id, text)
    changes |= shared_fields(session, borrower.id, shared_with, shared_reason)
    audit.record(session, actor, "borrower.person_edit", "borrower", borrower.borrower_no, changes)
    return person


def remove_person(
    session: Session,
    actor: User,
    borrower_no: str,
    person_id: int,
    *,
    note: str = "",
    expected_version: int | None = None,
) -> None:
    """Remove a related person: marked inactive, never deleted (see the module's docstring)."""
    borrower = _borrower(session, actor, borrower_no, expected_version)
    person = _person(session, borrower, person_id)
    text = _note(note, False, actor)
    changes: dict[str, Any] = {
        "person": personal(session, borrower.id, person.name),
        "person_id": person.id,
        "relation": str(person.relation),
        "kept": True,  # always, since QA16 (earlier entries: False when deleted)
        "note": personal(session, borrower.id, text),
    }
    with saving(session, "Borrower", borrower.borrower_no):
        person.active = False
        _touch(borrower)
    audit.record(
        session, actor, "borrower.person_remove", "borrower", borrower.borrower_no, changes
    )
