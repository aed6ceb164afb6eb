"""Every use case that takes a borrower number finds the borrower however the user typed it
(app.borrowers.find_borrower): with spaces around it, in lower case, in full width. Real
database files (the one-borrower office of test_edges_qa, borrower B1)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_copy import copy_borrower
from app.borrower_phones import add_phone
from app.borrowers import update_borrower_flags
from app.erasure import NotErasable, erase_borrower
from app.models import AuditEntry, Borrower, Phone
from app.phone_confirm import confirm_number, numbers_to_confirm
from app.queries.audit_case import borrower_trail
from app.queries.search import matching_borrowers
from tests.compliance.test_edges_qa import PHONE, _user, build, days_ago
from tests.core.test_number_found_invalid import office
from tests.core.test_phone_validity import log, valid


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


def test_a_number_found_wrong_is_offered_and_confirmed_on_a_number_typed_in_full_width(db) -> None:
    office(db)
    log(db, "wrong_number", days_ago(2, 10))  # in the day, not in the quiet hours
    with db.session() as s:
        sup = _user(s, "sup")
        assert [n for n, _words in numbers_to_confirm(s, sup, " ｂ１ ")] == [PHONE]
        confirm_number(s, sup, "b1", PHONE, how="visit", reason="借款人上门时出示手机确认号码")
    assert valid(db)[PHONE] is True


def test_a_copy_of_the_personal_data_is_made_for_a_number_typed_in_lower_case(db) -> None:
    build(db)
    with db.sessions() as s:
        assert copy_borrower(s, _user(s, "sup"), " b1\t").borrower_no == "B1"


def test_an_erasure_asked_for_a_number_typed_with_spaces_is_judged_not_unknown(db) -> None:
    build(db)
    with db.session() as s, pytest.raises(NotErasable) as refused:
        erase_borrower(s, _user(s, "admin"), " b1 ")
    assert (
        refused.value.translated("en")
        == "Borrower B1 cannot be erased: loan L1 is still Active; that waits until the loan is "
        "closed and its records' retention has ended."
    )


def test_the_audit_trail_of_a_borrower_number_typed_in_full_width(db) -> None:
    build(db)
    with db.sessions() as s:
        about = set(s.scalars(select(AuditEntry.entity_id).where(borrower_trail(s, " Ｂ１ "))))
    assert "L1" in about  # the loan's booking


@pytest.mark.parametrize("typed", ["B1", " b1 ", "ｂ１"])
def test_the_search_box_finds_the_borrower_by_a_number_typed_in_lower_case(db, typed) -> None:
    build(db)
    with db.sessions() as s:
        found = matching_borrowers(s, typed)
        assert found is not None
        assert set(s.scalars(found)) == {s.scalar(select(Borrower.id))}
