"""Full phone numbers as printed for people — the daily visit sheet and the borrower's copy — in
their country's groups ("+86 138 1234 5678"): both printed the stored run of digits
("+8613812345678"), which is read and dialled wrong. Masked numbers keep their own shape."""

from __future__ import annotations

from app.access_copy import gather_copy
from app.access_copy_tables import sections
from app.phone_text import phone_text
from tests.core.access_copy_office import full_borrower, user


def test_a_number_is_grouped_as_its_country_writes_it() -> None:
    assert phone_text("+8613812345678") == "+86 138 1234 5678"
    assert phone_text("+442079460958") == "+44 20 7946 0958"
    assert phone_text("+12025550143") == "+1 202-555-0143"
    assert phone_text("12345") == "12345"  # not a number the library reads: as stored
    assert phone_text("") == ""


def test_the_borrowers_copy_prints_their_numbers_grouped(demo_db) -> None:
    with demo_db.session() as s:
        b = full_borrower(s)
        copy = gather_copy(s, user(s, "supervisor"), b.borrower_no, "en")
    (phones,) = [part for part in sections(copy, "en") if part.key == "phones"]
    assert [row[0] for row in phones.rows] == [phone_text(p.number) for p in copy.phones]
    assert phones.rows and all(" " in row[0] and row[0].startswith("+") for row in phones.rows)
