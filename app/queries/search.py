"""What a search box string means: a resident ID number (a US or UK office's: an SSN, an NI
number), a phone number, a loan number or a name (as written, or typed in pinyin: "zhangsan",
"zs"); and the order of borrowers' names."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    false,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute, Session

from app.borrowers import number_spellings
from app.contacts_whom import dialled
from app.country_data import id_number, office_country
from app.errors import ValidationError
from app.models import Borrower, Case, Loan, Phone
from app.privacy import existing_hash_key, id_hash

_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
_PHONE = re.compile(r"^\+?\d{7,15}$")
_PHONE_NOISE = re.compile(r"[\s\-()]")
_PINYIN = re.compile(r"^[A-Za-z][A-Za-z\s']*$")  # letters, and the spaces or ' one may type


Sortable = ColumnElement[Any] | QueryableAttribute[Any]
SortKeys = dict[str, Callable[[], Sortable | tuple[Sortable, ...]]]  # a list's sort keys by name


def name_order(searching: bool = False) -> tuple[Sortable, ...]:
    """A borrower's name as lists sort it: in pinyin, then by the characters (张三 before 章三).

    `searching`: the rows are filtered by a search, which keeps few. SQLite would still walk the
    whole name index in order and look up every row it names (120 ms on the reference office);
    sorting by an expression instead lets it scan and sort the few (about 35 ms).
    """
    if searching:
        return (Borrower.name_pinyin.concat(""), Borrower.name.concat(""))
    return (Borrower.name_pinyin, Borrower.name)


def sort_terms(
    key: Sortable | tuple[Sortable, ...], tiebreak: Sortable, descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY terms: a sort key (a column, or several as `name_order`), then the tiebreak."""
    keys = key if isinstance(key, tuple) else (key,)
    return [ordered(k, descending) for k in (*keys, tiebreak)]


def ordered(key: Sortable, descending: bool) -> ColumnElement[Any]:
    """`key` ascending or descending, with NULLs where SQLite puts them on every engine: lowest,
    first ascending and last descending. PostgreSQL puts them highest, so a list sorted by a
    column that may be empty (next action, signed on, next due) began with other rows on a
    server than on a file. A column that cannot be NULL is left as it is (its index serves)."""
    term = key.desc() if descending else key.asc()
    if not getattr(getattr(key, "expression", key), "nullable", True):
        return term
    return term.nulls_last() if descending else term.nulls_first()


def pinyin_condition(text: str) -> ColumnElement[bool] | None:
    """Borrowers whose name, spelled in pinyin, holds the typed letters: the whole of it or a
    part ("zhangsan", "san"), or of its initials ("zs"); None when the text is not letters."""
    if not _PINYIN.match(text):
        return None
    typed = re.sub(r"[\s']", "", text).lower()
    return Borrower.name_typed.contains(typed)


def like_pattern(text: str) -> str:
    """A LIKE pattern for a substring, with the wildcards in `text` escaped (escape char '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def phone_candidates(text: str, country: str = "CN") -> list[str]:
    """The stored (E.164) forms a typed phone number may have: 13812345678, +86 138…, 86138…;
    for a US or UK office, the number as its country writes it (212 555 0134, 07911 123456)."""
    digits = _PHONE_NOISE.sub("", text)
    if not _PHONE.match(digits):
        return []
    if digits.startswith("+"):
        return [digits]
    if country != "CN":  # and as a Chinese number, which an office whose rules changed holds
        try:
            return [dialled(text, (), country), *phone_candidates(text)]
        except ValidationError:
            return phone_candidates(text)
    if digits.startswith("86") and len(digits) == 13:
        return ["+" + digits]
    if digits.startswith("0086"):
        return ["+" + digits[2:]]
    return ["+86" + digits.lstrip("0"), digits]


def names_something(text: str) -> bool:
    """Whether `text` can be part of a name: it holds a letter or a digit (Chinese characters
    are letters). Dashes and other punctuation alone are not: an erased borrower's name is
    "—" (app/erasure.py ERASED_NAME), and a search for it found every erased borrower."""
    return any(ch.isalnum() for ch in text)


def _ascii_lower(text: str) -> str:
    """`text` with A–Z in lower case and every other character as it is, as SQL's lower()."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_resident_id(text: str) -> bool:
    return bool(_RESIDENT_ID.match(text.strip()))


def _by_id_number(session: Session, national: str) -> Select[Any]:
    key = existing_hash_key(session)
    if key is None:
        return select(Borrower.id).where(false())  # no borrower was ever hashed
    return select(Borrower.id).where(Borrower.national_id_hash == id_hash(key, national))


def matching_borrowers(session: Session, search: str) -> Select[Any] | CompoundSelect | None:
    """The borrowers a search box's text names, as a query of their ids for an IN (None when the
    text is empty): by full ID number (its keyed hash), by phone, or by loan, case or borrower
    number, or a part of the name as written or in pinyin (not by punctuation alone).

    Each exact part is an index lookup of its own and the names one scan, in a UNION ALL. As one
    OR over the borrowers, every row was tested against every part (28 ms on the reference
    office for "zxm", against 18)."""
    text = search.strip()
    if not text:
        return None
    if is_resident_id(text):
        # The ID is matched by its keyed hash only: never a LIKE over the stored number.
        return _by_id_number(session, text.upper())
    # Whatever its case as typed or as imported (ix_loan_loan_no_lower): SQLite's lower() folds
    # ASCII letters only, so a number is folded the same way here.
    by_loan = select(Loan.borrower_id).where(func.lower(Loan.loan_no) == _ascii_lower(text))
    country = office_country(session)
    if country != "CN":
        try:
            national = id_number(text, country)  # a US SSN, a UK NI number, typed in full
        except ValidationError:
            pass
        else:
            by_no = select(Borrower.id).where(Borrower.borrower_no.in_(number_spellings(text)))
            return union_all(_by_id_number(session, national), by_loan, by_no)
    phones = phone_candidates(text, country)
    if phones:
        return union_all(select(Phone.borrower_id).where(Phone.number.in_(phones)), by_loan)
    by_pinyin = pinyin_condition(text)
    by_name = select(Borrower.id).where(
        or_(
            Borrower.name.like(like_pattern(text), escape="\\"),
            *([by_pinyin] if by_pinyin is not None else []),
        )
    )
    by_case = (
        select(Loan.borrower_id)
        .join(Case, Case.loan_id == Loan.id)
        .where(Case.case_no == text.upper())
    )
    return union_all(
        by_loan,
        by_case,
        select(Borrower.id).where(Borrower.borrower_no.in_(number_spellings(text))),
        *([by_name] if names_something(text) else []),
    )
