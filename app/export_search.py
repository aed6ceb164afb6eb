"""What an export's audit entry keeps of the search box (QA s47 N-1): never a borrower's personal
data in clear, as the trail keeps none since migration 0023 (app/audit_seal.py).

- A record's number (a loan, case or borrower number that exists) is kept as typed: the trail
  keeps numbers after an erasure too (app/erasure.py).
- Anything else is a name, an ID number or a phone, or holds one. Every ID number and phone in it
  is masked as lists show them (340104********5119, 138****5602; a US SSN ***-**-6789), and the
  text, so masked, is sealed with the key of the borrower it found (the first by id when it found
  several; else one a word of it finds): erasing that borrower makes it read "(erased)", as
  every other value of theirs.
- A search that found no borrower, nor any of its words, names none of the office's borrowers:
  nothing of it can be erased, and it is kept masked.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit_seal import personal
from app.borrowers import number_spellings
from app.country_data import id_number, office_country
from app.errors import ValidationError
from app.masking import mask_id, mask_phone
from app.models import Borrower, Case, Loan

# A run of digits as one types an ID number or a phone: a leading +, spaces, dashes, brackets
# or dots inside; an ID's final X. Runs of 7 digits or more are masked.
_NUMBER_RUN = re.compile(r"\+?\d[\d\s\-().]*\d[Xx]?|\d")
_NINO = re.compile(r"(?i)\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
_SSN = re.compile(r"^\d{9}$")
MASKED_FROM = 7  # digits: a run shorter than a phone number is a loan's term, a house number …


def _masked_run(run: str) -> str:
    digits = re.sub(r"[^\dXx+]", "", run)
    bare = digits.lstrip("+")
    if sum(c.isdigit() for c in bare) < MASKED_FROM:
        return run
    if _RESIDENT_ID.match(bare) or _SSN.match(bare):
        return mask_id(bare.upper())
    return mask_phone(digits)


def masked_search(text: str, country: str = "CN") -> str:
    """`text` with every ID number and phone number in it masked as lists show them."""
    text = text.strip()
    if country != "CN":
        try:  # a US SSN or a UK NI number typed whole, in any of its spellings
            return mask_id(id_number(text, country))
        except ValidationError:
            pass
    text = _NINO.sub(lambda m: mask_id(re.sub(r"\s", "", m.group(0)).upper()), text)
    return _NUMBER_RUN.sub(lambda m: _masked_run(m.group(0)), text)


def _record_number(session: Session, text: str) -> bool:
    """Whether `text` is, as typed, the number of a loan, a case or a borrower."""
    lowered = text.translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    )
    found = (
        select(Loan.id).where(func.lower(Loan.loan_no) == lowered).limit(1),
        select(Case.id).where(Case.case_no == text.upper()).limit(1),
        select(Borrower.id).where(Borrower.borrower_no.in_(number_spellings(text))).limit(1),
    )
    return any(session.scalar(query) is not None for query in found)


def _first_borrower(session: Session, text: str) -> int | None:
    """The borrower (the lowest id) the search box's `text` finds, as the lists search; else the
    first that one of its words finds ("张三 13812345678" finds no one, but names 张三)."""
    from app.queries.search import matching_borrowers

    words = text.split()
    for part in dict.fromkeys([text, *(words if len(words) > 1 else [])]):
        found = matching_borrowers(session, part)
        if found is None:
            continue
        ids = found.subquery()
        first = session.scalar(select(func.min(ids.c[0])))
        if first is not None:
            return int(first)
    return None


def audited_search(session: Session, text: str) -> Any:
    """The search box's `text` as an export's audit entry keeps it (see the module's rule)."""
    text = (text or "").strip()
    if not text or _record_number(session, text):
        return text
    masked = masked_search(text, office_country(session))
    return personal(session, _first_borrower(session, text), masked)
