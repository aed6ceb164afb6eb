"""The borrower's copy of their data masks a number of theirs that is on file for someone else
too (QA: another borrower's number, once filed as theirs, was printed in full): in their phones,
and where a contact dialled it; their own numbers stay in full. On a copy of the demo office."""

from __future__ import annotations

from sqlalchemy import select

from app.access_copy import gather_copy
from app.access_copy_tables import sections
from app.borrower_phones import add_phone
from app.models import Borrower, Case, ContactAttempt, Loan, Party, Phone
from app.phone_text import phone_text
from app.privacy import mask_phone
from tests.core.access_copy_office import full_borrower, user

WHY = "借款人说明这是与配偶共用的家庭号码"


def test_a_number_someone_else_holds_is_masked_in_the_copy(demo_db) -> None:
    with demo_db.session() as s:
        b = full_borrower(s)
        own = [p.number for p in b.phones]
        other = s.scalar(
            select(Phone.number).where(Phone.borrower_id != b.id, Phone.is_primary).limit(1)
        )
        add_phone(s, user(s, "supervisor"), b.borrower_no, other, kind="home", shared_reason=WHY)
        attempt = s.scalar(
            select(ContactAttempt)
            .join(Case)
            .join(Loan)
            .where(Loan.borrower_id == b.id, ContactAttempt.party == Party.BORROWER)
            .order_by(ContactAttempt.id)
            .limit(1)
        )
        attempt.phone_number = other  # a call made on it
        number = b.borrower_no
    with demo_db.session() as s:  # as the copy is made: later, in a session of its own
        copy = gather_copy(s, user(s, "supervisor"), number, "en")
    assert [p.number for p in copy.phones] == [*own, mask_phone(other)]
    (phones,) = [part for part in sections(copy, "en") if part.key == "phones"]
    assert phones.rows[-1][0] == mask_phone(other)  # not read past its stars into digits
    assert phones.rows[0][0] == phone_text(own[0])  # their own, in full
    dialled = {c.number for c in copy.contacts}
    assert mask_phone(other) in dialled and other not in dialled
    assert all(n in own or "*" in n or not n for n in dialled)


def test_the_copy_of_the_borrower_who_holds_it_masks_it_too(demo_db) -> None:
    """Shared both ways: the other borrower's copy no longer shows it in full either."""
    with demo_db.session() as s:
        b = full_borrower(s)
        other = s.scalar(
            select(Borrower).join(Phone).where(Borrower.id != b.id, Phone.is_primary).limit(1)
        )
        number = next(p.number for p in other.phones if p.is_primary)
        add_phone(s, user(s, "supervisor"), b.borrower_no, number, shared_reason=WHY)
        holder = other.borrower_no
    with demo_db.session() as s:
        copy = gather_copy(s, user(s, "supervisor"), holder, "en")
    assert mask_phone(number) in [p.number for p in copy.phones]
    assert number not in [p.number for p in copy.phones]
