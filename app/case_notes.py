"""A note on a case outside any contact attempt ("his sister says he works in Shenzhen now, back
at New Year"; "the loan officer confirms the shop closed in October"): written by whoever works
the case, kept in the case's story beside its contacts, visits and payments.

Notes are append-only: none is edited or deleted, and a correction is a new note, so the story
reads as it was known when. The audit entry `case.note` names the case only, as a contact's
`contact.log` holds none of its notes: the text is the borrower's personal data, kept in the
note (and blanked there when the borrower's data are erased, app/erasure.py), never in the
trail, which cannot be blanked.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.contacts import find_case
from app.erased import refuse_erased
from app.errors import ValidationError
from app.models import CaseNote, User
from app.notes import MAX_NOTES, limited
from app.text_guard import check_text

__all__ = ["MAX_NOTES", "add_case_note", "clean_note"]


def clean_note(text: str | None) -> str:
    """The note as it is kept: characters the database cannot store refused first (what a paste
    brings), then trimmed, not empty, at most MAX_NOTES characters (never cut short to fit)."""
    check_text(text)
    note = limited(text, MAX_NOTES, "The note is too long: {count} characters, at most {max}.")
    if not note:
        raise ValidationError("Write the note first: it cannot be empty.")
    return note


def add_case_note(session: Session, actor: User, case_no: str, text: str) -> CaseNote:
    """Add a note to case `case_no`: an agent on the cases assigned to them (the test every
    agent-scoped action on a case uses, app.contacts.find_case), a supervisor or admin on any.

    A closed case still takes one: people learn things after a case closes (a borrower who
    moved, a business that reopened), the loan may be collected again in a later case, and a
    note changes no figure, status or queue of the case. A case of a borrower whose personal
    data were erased takes none: nothing new is recorded about them (app.erased)."""
    require(actor, Permission.ADD_CASE_NOTES)
    case = find_case(session, actor, case_no)
    refuse_erased(session, case.loan.borrower_id)
    note = CaseNote(case_id=case.id, author_id=actor.id, text=clean_note(text))
    session.add(note)
    session.flush()
    audit.record(session, actor, "case.note", "case", case.case_no)
    return note
