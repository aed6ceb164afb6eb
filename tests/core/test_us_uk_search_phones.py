"""A US office's borrowers found by SSN and by a phone number written as Americans write it, and
a number the borrower gives read as a US number (not as a Chinese one)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.borrower_phones import add_phone
from app.contacts_whom import dialled
from app.models import Borrower, User
from app.queries.search import matching_borrowers
from tests.core.test_import_us_uk import B_HEAD, _csv, _import, _office


def _us_office(db, tmp_path: Path):
    _office(db, "us", "America/New_York", "USD")
    borrowers = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        "B1,John Smith,123-45-6789,(212) 555-0134,young,12 Main St,New York,NY,Acme",
        "B2,Mary O'Neil,231-45-6780,+1 646 203 4455,mature,5 Elm Ave,Brooklyn,NY,",
    )
    assert _import(db, "borrowers", borrowers).imported
    return db


def _found(session, text: str) -> list[str]:
    ids = matching_borrowers(session, text)
    assert ids is not None
    return sorted(session.scalars(select(Borrower.borrower_no).where(Borrower.id.in_(ids))))


def test_a_us_office_finds_a_borrower_by_ssn_phone_and_latin_name(db, tmp_path: Path) -> None:
    _us_office(db, tmp_path)
    with db.session() as s:
        assert _found(s, "123-45-6789") == ["B1"]
        assert _found(s, "231456780") == ["B2"]
        assert _found(s, "(212) 555-0134") == ["B1"]
        assert _found(s, "646 203 4455") == ["B2"]
        assert _found(s, "smith") == ["B1"]
        assert _found(s, "B2") == ["B2"]


def test_a_number_given_to_a_us_office_is_a_us_number(db, tmp_path: Path) -> None:
    _us_office(db, tmp_path)
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        phone = add_phone(s, admin, "B1", "(415) 867-5309", kind="work")
        assert phone.number == "+14158675309"
    assert dialled("(415) 867-5309", (), "US") == "+14158675309"
    assert dialled("07911 123456", (), "GB") == "+447911123456"
    assert dialled("138 1234 5678", ()) == "+8613812345678"
