"""A number on file for more than one person: another borrower's, or a person's related to
another borrower. Filed as a borrower's, it sends the calls about their debt to someone else,
the third-party disclosure the contact rules exist to stop; so a new number on file for anyone
else is refused (app.borrower_phones.add_phone) unless a supervisor records that the borrower
shares it (a household line, spouses who both borrow), and the borrower's copy of their data
masks such a number as it masks a related person's (app.access_copy): it is someone else's too.

Who else holds it is told only to whoever sees every case: an agent learns that the number is on
file for someone else, never whose (PIPL: another borrower's identity is not theirs to learn)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.errors import ValidationError
from app.models import Borrower, Phone, RelatedPerson, User
from app.privacy import mask_phone


@dataclass(frozen=True)
class Holder:
    """Someone else the number is on file for."""

    borrower_no: str  # the other borrower, or the one the related person is related to
    person: str | None  # the related person's name; None when the borrower's own number


class SharedNumber(ValidationError):
    """A number on file for someone else; `may_confirm` when the user may record it anyway,
    for the reason the borrower gave."""

    def __init__(self, message: str, *, may_confirm: bool, **params: object) -> None:
        super().__init__(message, **params)
        self.may_confirm = may_confirm


def other_holder(session: Session, borrower_id: int, e164: str) -> Holder | None:
    """Another borrower with `e164` on file, else a person related to another borrower with it."""
    borrower = session.scalar(
        select(Borrower.borrower_no)
        .join(Phone, Phone.borrower_id == Borrower.id)
        .where(Phone.number == e164, Phone.borrower_id != borrower_id)
        .order_by(Phone.id)
        .limit(1)
    )
    if borrower is not None:
        return Holder(borrower, None)
    row = session.execute(
        select(Borrower.borrower_no, RelatedPerson.name)
        .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
        .where(RelatedPerson.phone == e164, RelatedPerson.borrower_id != borrower_id)
        .order_by(RelatedPerson.id)
        .limit(1)
    ).first()
    return Holder(row[0], row[1]) if row is not None else None


def refusal(user: User, e164: str, holder: Holder) -> SharedNumber:
    """Why `e164` is not recorded as this borrower's, in what `user` may know of the holder."""
    if not can(user, Permission.EDIT_BORROWERS):
        return SharedNumber(
            "This number is on file for another borrower or a person related to one; check it "
            "with the borrower. If they share it, a supervisor can record it.",
            may_confirm=False,
        )
    if holder.person is None:
        return SharedNumber(
            "{number} is on file for borrower {other}; check it with the borrower.",
            may_confirm=True,
            number=mask_phone(e164),
            other=holder.borrower_no,
        )
    return SharedNumber(
        "{number} is on file for {person}, a person related to borrower {other}; check it with "
        "the borrower.",
        may_confirm=True,
        number=mask_phone(e164),
        person=holder.person,
        other=holder.borrower_no,
    )


def shared_numbers(session: Session, borrower_id: int, numbers: Collection[str]) -> set[str]:
    """Those of `numbers` on file for someone else too: another borrower, or any related person
    (the borrower's own included: the number is that person's as well)."""
    wanted = sorted({n for n in numbers if n})
    if not wanted:
        return set()
    borrowers = select(Phone.number).where(
        Phone.number.in_(wanted), Phone.borrower_id != borrower_id
    )
    people = select(RelatedPerson.phone).where(RelatedPerson.phone.in_(wanted))
    return set(session.scalars(borrowers.union(people)))
