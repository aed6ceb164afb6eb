"""Every use case that takes a borrower number finds the borrower however the user typed it
(app.borrowers.find_borrower): with spaces around it, in lower case, in full width. Real
database files (the one-borrower office of test_edges_qa, borrower B1)."""

from __future__ import annotations

from sqlalchemy import select

from app.borrower_phones import add_phone
from app.borrowers import update_borrower_flags
from app.models import AuditEntry, Borrower, Phone
from tests.compliance.test_edges_qa import _user, build


def test_a_stop_request_is_recorded_on_a_number_typed_in_lower_case(db) -> None:
    build(db)
    with db.session() as s:
        version = s.scalar(select(Borrower.version))
        update_borrower_flags(
            s, _user(s, "agent01"), " b1 ", expected_version=version, has_lawyer=True
        )
    with db.sessions() as s:
        assert s.scalar(select(Borrower.has_lawyer))
        assert (
            s.scalar(select(AuditEntry.entity_id).where(AuditEntry.action == "borrower.flags"))
            == "B1"
        )


def test_a_number_the_borrower_gave_is_added_on_their_number_typed_in_lower_case(db) -> None:
    build(db)
    with db.session() as s:
        add_phone(s, _user(s, "agent01"), "b1", "139 0000 1234")
    with db.sessions() as s:
        assert "+8613900001234" in s.scalars(select(Phone.number))
