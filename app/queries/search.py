"""What a search box string means: a resident ID number, a phone number, a loan number or a name."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from app.models import Borrower, Loan, Phone
from app.privacy import existing_hash_key, id_hash

_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
_PHONE = re.compile(r"^\+?\d{7,15}$")
_PHONE_NOISE = re.compile(r"[\s\-()]")


def like_pattern(text: str) -> str:
    """A LIKE pattern for a substring, with the wildcards in `text` escaped (escape char '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def phone_candidates(text: str) -> list[str]:
    """The stored (E.164) forms a typed phone number may have: 13812345678, +86 138…, 86138…."""
    digits = _PHONE_NOISE.sub("", text)
    if not _PHONE.match(digits):
        return []
    if digits.startswith("+"):
        return [digits]
    if digits.startswith("86") and len(digits) == 13:
        return ["+" + digits]
    if digits.startswith("0086"):
        return ["+" + digits[2:]]
    return ["+86" + digits.lstrip("0"), digits]


def is_resident_id(text: str) -> bool:
    return bool(_RESIDENT_ID.match(text.strip()))


def borrower_condition(session: Session, search: str) -> ColumnElement[bool] | None:
    """A WHERE clause on Borrower for the search text; None when the text is empty."""
    text = search.strip()
    if not text:
        return None
    if is_resident_id(text):
        # The ID is matched by its keyed hash only: never a LIKE over the stored number.
        key = existing_hash_key(session)
        if key is None:
            return false()  # no borrower was ever hashed, so none can match
        return Borrower.national_id_hash == id_hash(key, text.upper())
    phones = phone_candidates(text)
    if phones:
        by_phone = select(Phone.borrower_id).where(Phone.number.in_(phones))
        by_loan = select(Loan.borrower_id).where(Loan.loan_no == text)
        return or_(Borrower.id.in_(by_phone), Borrower.id.in_(by_loan))
    by_loan = select(Loan.borrower_id).where(Loan.loan_no == text)
    return or_(
        Borrower.id.in_(by_loan),
        Borrower.borrower_no == text,
        Borrower.name.like(like_pattern(text), escape="\\"),
    )
