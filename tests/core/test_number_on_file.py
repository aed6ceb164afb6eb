"""The one way a typed number is found among a borrower's (app.borrower_phones.number_on_file):
read in E.164 with the office's country however it was written (full-width digits, +86,
spaces, dashes), then matched to the borrower's phone row, else to a related person's number;
an unknown number is neither. Real database (the one-borrower office of test_edges_qa)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.borrower_phones import number_on_file
from app.errors import ValidationError
from app.models import Borrower, Phone
from tests.compliance.test_edges_qa import PHONE, REL_PHONE, build


def _find(db, typed: str, **kw) -> tuple[str, str | None, str | None, int]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        borrower = s.scalar(select(Borrower).where(Borrower.borrower_no == "B1"))
        found = number_on_file(s, borrower.id, typed, **kw)
        phone = found.phone.number if found.phone is not None else None
        return found.number, phone, found.person, len(found.phones)


@pytest.mark.parametrize(
    "typed",
    [
        PHONE,
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0086 138 1234 5678",
        "１３８１２３４５６７８",  # full-width digits, as a Chinese input method types them
        "＋８６　１３８　１２３４　５６７８",  # full-width plus and ideographic spaces
    ],
)
def test_the_borrowers_number_however_it_is_written(db, typed: str) -> None:
    build(db)
    assert _find(db, typed) == (PHONE, PHONE, None, 1)
    assert _find(db, typed, match_stored=False) == (PHONE, PHONE, None, 1)


def test_a_related_persons_number_is_theirs_not_a_phone_of_the_borrowers(db) -> None:
    build(db)
    assert _find(db, "139 1234 5678") == (REL_PHONE, None, "李四", 1)


def test_an_unknown_number_is_nobodys(db) -> None:
    build(db)
    assert _find(db, "139 0000 1234") == ("+8613900001234", None, None, 1)


@pytest.mark.parametrize(("typed", "message"), [("12345", "Not a phone number"), ("  ", "Type")])
def test_what_is_no_phone_number_is_refused(db, typed: str, message: str) -> None:
    build(db)
    with pytest.raises(ValidationError, match=message):
        _find(db, typed)


def test_a_row_stored_as_the_library_cannot_read_is_matched_only_when_asked(db) -> None:
    build(db)
    with db.session() as s:  # a hand-made row from before numbers were checked when stored
        borrower = s.scalar(select(Borrower).where(Borrower.borrower_no == "B1"))
        s.add(Phone(borrower_id=borrower.id, number="12345", kind="home"))
    assert _find(db, "12345") == ("12345", "12345", None, 2)
    with pytest.raises(ValidationError, match="Not a phone number"):
        _find(db, "12345", match_stored=False)
