"""Borrower upkeep: the stop flags, and a related person's consent and do-not-contact, saved only
over the borrower's version read.

A change that restricts contact (contact refused, a lawyer, do not visit …, a consent withdrawn)
is recorded by whoever hears the request, an agent on the call included: it only ever stops work.
A change that lifts a restriction (a stop flag cleared, contact in quiet hours agreed, a related
person's consent given or their do-not-contact lifted) is a supervisor's, with a written reason.
Each change is an audit entry, which is also the flags' history (app/compliance/back_dated.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app import audit
from app.audit_seal import personal
from app.auth import Permission, require
from app.cases.rebuild import rebuild_queue
from app.concurrency import saving, stale
from app.erased import refuse_erased
from app.errors import NotFound, ValidationError
from app.models import Borrower, Case, CaseStatus, Loan, RelatedPerson, User
from app.notes import MAX_NOTES, limited
from app.typed_number import number_key

STOP_FLAGS = (
    "do_not_visit",
    "contact_refused",
    "has_lawyer",
    "do_not_call_at_work",
    "e_opt_out",
    "vulnerable",
    "quiet_hours_consent",
)
# Each flag's value that restricts contact: setting a flag so records a request to stop.
RESTRICTS = {flag: True for flag in STOP_FLAGS} | {"quiet_hours_consent": False}
PERSON_FLAGS = {"do_not_contact": True, "consent_to_contact": False}

Changes = dict[str, list[bool]]  # flag → [old, new]


def number_spellings(typed: str) -> list[str]:
    """How a typed borrower number may be stored, the likeliest first."""
    typed = typed.strip()
    # As stored first (an imported number keeps its case), then as numbers are usually written:
    # upper case, in half width (a number typed with the input method in full-width mode).
    return list(dict.fromkeys([typed, number_key(typed)]))


def find_borrower(
    session: Session, borrower_no: str, *, populate_existing: bool = False
) -> Borrower:
    """The borrower numbered `borrower_no` as typed (spaces, lower case, full width); NotFound."""
    typed = (borrower_no or "").strip()
    tries = number_spellings(typed)
    query = select(Borrower).where(Borrower.borrower_no.in_(tries))
    if populate_existing:  # the row as it is now, over what this session read before
        query = query.execution_options(populate_existing=True)
    found = {b.borrower_no: b for b in session.scalars(query)}
    borrower = next((found[t] for t in tries if t in found), None)
    if borrower is None:
        raise NotFound("Unknown borrower {number}.", number=typed)
    return borrower


def update_borrower_flags(
    session: Session,
    actor: User,
    borrower_no: str,
    *,
    expected_version: int,
    note: str = "",
    related: Mapping[int, Mapping[str, bool]] | None = None,
    **flags: bool,
) -> Borrower:
    """Set some of a borrower's stop flags and, in `related` (person id → flag → value), their
    related persons' `do_not_contact` and `consent_to_contact`, in one change. Refused with
    StaleEdit when the borrower changed since the caller read `expected_version`; an unchanged
    value is not written or audited. Lifting a restriction needs EDIT_BORROWERS and a `note`."""
    require(actor, Permission.RECORD_STOP_REQUESTS)
    _known(flags, STOP_FLAGS, "Unknown stop flag {name}; choose from: {choices}.")
    # Capped as every note is (QA s44: 120,000 characters went into the audit trail).
    text = limited(note, MAX_NOTES, "The note is too long: {count} characters, at most {max}.")
    borrower = find_borrower(session, borrower_no, populate_existing=True)
    refuse_erased(session, borrower.id)
    if borrower.version != expected_version:
        raise stale(session, "Borrower", borrower.borrower_no)
    changes = _changes(borrower, flags)
    people = _people_changes(session, borrower, related or {})
    if not changes and not people:
        return borrower
    lifted = any(new != RESTRICTS[name] for name, (_old, new) in changes.items()) or any(
        new != PERSON_FLAGS[name] for _p, change in people for name, (_old, new) in change.items()
    )
    if lifted:
        require(actor, Permission.EDIT_BORROWERS)
        if not text:
            raise ValidationError(
                "Lifting a restriction on contact needs a written reason: say who asked for it "
                "and when."
            )
    with saving(session, "Borrower", borrower.borrower_no):
        for name, (_old, new) in changes.items():
            setattr(borrower, name, new)
        for person, change in people:
            for name, (_old, new) in change.items():
                setattr(person, name, new)
        if not changes:  # a related person's change moves the borrower's version too
            flag_modified(borrower, "do_not_visit")
    said = {"note": personal(session, borrower.id, text)} if text else {}
    if changes:
        audit.record(
            session, actor, "borrower.flags", "borrower", borrower.borrower_no, {**changes, **said}
        )
    for person, change in people:
        audit.record(
            session,
            actor,
            "borrower.related",
            "borrower",
            borrower.borrower_no,
            {
                "person": personal(session, borrower.id, person.name),
                "person_id": person.id,
                **change,
                **said,
            },
        )
    if "do_not_visit" in changes:
        _refresh_cases(session, borrower)
    return borrower


def _refresh_cases(session: Session, borrower: Borrower) -> None:
    """Bring the borrower's open cases up to date at once: do-not-visit takes the "Home
    visit possible" points out of their scores (or gives them back), as the next rebuild would."""
    loans = select(Case.loan_id).join(Loan, Loan.id == Case.loan_id)
    open_loans = loans.where(Loan.borrower_id == borrower.id, Case.status != CaseStatus.CLOSED)
    loan_ids = list(session.scalars(open_loans))
    if loan_ids:
        session.flush()
        rebuild_queue(session, None, None, loan_ids=loan_ids)


def _known(flags: Mapping[str, object], known: tuple[str, ...] | dict[str, bool], msg: str) -> None:
    unknown = sorted(set(flags) - set(known))
    if unknown:
        raise ValidationError(msg, name=list(unknown), choices=list(known))


def _changes(record: Borrower | RelatedPerson, flags: Mapping[str, bool]) -> Changes:
    return {
        name: [bool(getattr(record, name)), bool(value)]
        for name, value in flags.items()
        if bool(getattr(record, name)) != bool(value)
    }


def person_of(session: Session, borrower: Borrower, person_id: int) -> RelatedPerson:
    """The borrower's related person numbered `person_id` (removed ones too); NotFound for one of
    another borrower's, or none."""
    person = session.get(RelatedPerson, person_id)
    if person is None or person.borrower_id != borrower.id:
        raise NotFound(
            "Borrower {number} has no related person {person}.",
            number=borrower.borrower_no,
            person=person_id,
        )
    return person


def _people_changes(
    session: Session, borrower: Borrower, related: Mapping[int, Mapping[str, bool]]
) -> list[tuple[RelatedPerson, Changes]]:
    """Each named related person of this borrower with what changes; another's: NotFound."""
    found = []
    for person_id, flags in related.items():
        _known(
            flags, PERSON_FLAGS, "Unknown flag {name} of a related person; choose from: {choices}."
        )
        person = person_of(session, borrower, person_id)
        change = _changes(person, flags)
        if change:
            found.append((person, change))
    return found
