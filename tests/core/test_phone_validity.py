"""What a contact tells of the borrower's number (app/phone_validity.py): a wrong number or one
not in service is marked not valid, audited with the number masked, and the next call without a
named number goes to a valid one; the borrower answering on it makes it valid again; a contact
logged after the fact with a later one on the number since changes nothing.

Real database files (the `db` fixture with the one-borrower office of test_edges_qa)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.contacts import log_contact
from app.models import AuditEntry, ContactAttempt, Phone
from app.queries.contact_targets import contact_targets
from tests.compliance.test_edges_qa import PHONE, REL_PHONE, SH, _user, build, days_ago, person_id

OTHER = "+8613700001111"


def office(db):  # type: ignore[no-untyped-def]
    """The edges office, its borrower with a second (home) number."""
    build(db)
    with db.session() as s:
        borrower_id = s.scalar(select(Phone.borrower_id))
        s.add(Phone(borrower_id=borrower_id, number=OTHER, kind="home"))
    return db


def log(db, outcome: str, at: dt.datetime | None = None, **fields):  # type: ignore[no-untyped-def]
    with db.session() as s:
        fields = {"channel": "call", "party": "borrower", **fields}
        if fields.pop("override", False):
            fields |= {"override_by": _user(s, "sup"), "override_reason": "the relative first"}
        result = log_contact(
            s, _user(s, "agent01"), "C1", at=at or dt.datetime.now(SH), outcome=outcome, **fields
        )
        assert result.saved, result.verdict
        return result.attempt.phone_number


def valid(db) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return {p.number: p.valid for p in s.scalars(select(Phone))}


def entries(db) -> list[dict]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        found = s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.valid")).all()
        assert all(is_sealed(e.changes["phone"]) for e in found)  # with the borrower's key
        return [open_changes(s, e.changes) for e in found]


def test_a_wrong_number_is_marked_and_the_next_call_goes_to_a_valid_one(db) -> None:
    office(db)
    assert log(db, "wrong_number", days_ago(1, 9)) == PHONE  # the primary, named by nobody
    assert valid(db) == {PHONE: False, OTHER: True}
    [change] = entries(db)
    assert change == {
        "phone": "+86 138****5678",
        "valid": [True, False],
        "outcome": "wrong_number",
        "case": "C1",
    }
    assert PHONE not in str(change)  # the audit trail keeps the number masked
    assert log(db, "no_answer", days_ago(1, 10)) == OTHER
    with db.sessions() as s:
        targets = contact_targets(s, _user(s, "agent01"), "C1")
        assert [(p.number, p.valid) for p in targets.phones] == [(OTHER, True), (PHONE, False)]


def test_the_borrower_answering_on_it_makes_it_valid_again(db) -> None:
    office(db)
    log(db, "invalid_number", days_ago(1, 9), channel="sms")
    assert valid(db)[PHONE] is False
    # A call to a number found not in service needs a supervisor (the rule number_found_invalid).
    log(db, "connected", days_ago(1, 10), phone_number=PHONE, override=True)
    assert valid(db)[PHONE] is True
    assert [c["valid"] for c in entries(db)] == [[True, False], [False, True]]


def test_what_says_nothing_of_the_number_changes_nothing(db) -> None:
    office(db)
    log(db, "no_answer", days_ago(1, 9))
    log(db, "busy", days_ago(1, 10))
    log(
        db,
        "wrong_number",
        days_ago(1, 11),
        party="relative",
        related_person_id=person_id(db),
        override=True,
    )
    assert valid(db) == {PHONE: True, OTHER: True}
    with db.sessions() as s:
        assert (
            s.scalar(
                select(ContactAttempt.phone_number).order_by(ContactAttempt.id.desc()).limit(1)
            )
            == REL_PHONE
        )
    assert entries(db) == []


def test_a_late_log_with_a_later_contact_on_the_number_changes_nothing(db) -> None:
    office(db)
    log(db, "connected", days_ago(1, 10))
    log(db, "wrong_number", days_ago(2, 10))  # logged now, made before yesterday's conversation
    assert valid(db)[PHONE] is True and entries(db) == []
