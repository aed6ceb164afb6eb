"""A borrowers file's phone cell, which lenders' exports often fill with two numbers or more:
"13812345674/13900001111", "138 1234 5674；139 0000 1111", "13812345674 (本人) 13900001111".
A note that may name someone else, "(母亲)", refuses the cell rather than file that number as the
borrower's own.

Each number is checked as a cell holding it alone would be (a mobile of the office's country; in
a US or UK office a landline too, which many borrowers there have alone, kept as a home number),
read in the order written, each once; the first becomes the borrower's primary number. A US or UK
office's empty cell is no number: the borrower is imported without one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.country_data import is_landline, phone_line
from app.digits import plain
from app.errors import CasedeskError, ValidationError
from app.importer import cells
from app.privacy import mask_phone

# Between two numbers: a slash, comma, semicolon or enumeration comma, half- or full-width.
_SEPARATORS = re.compile(r"[/／,，;；、|｜]")
# A note in brackets, such as (本人) or （工作）: brackets with no digit in them. Brackets with
# digits are part of a number, such as the area code in (415) 555-0100.
_NOTE = re.compile(r"[(（\[【][^\d()（）\[\]【】]*[)）\]】]")
_BETWEEN = re.compile(f"({_SEPARATORS.pattern}|{_NOTE.pattern})")
# The notes that say a number is the borrower's own (where they are reached, not who answers);
# any other, such as (母亲) or (同事), may mark someone else's number, which must not become the
# borrower's: the third-party rules judge a relative's number as a relative's.
OWN_NOTES = frozenset(
    {"本人", "自己", "本人手机", "手机", "移动", "工作", "单位", "办公", "办公室", "住宅", "家",
     "家庭", "家里", "宅电", "座机", "常用", "备用", "own", "self", "borrower", "mobile", "cell",
     "work", "office", "home"}
)  # fmt: skip


def reader(country: str) -> Callable[[Any], str]:
    """What reads a cell holding one number, in E.164, for the office's country: a Chinese
    office's borrowers all have a mobile (lenders there hold one for each); a US or UK office's
    number may be a landline."""
    if country == "CN":
        return cells.mobile

    def one(value: Any) -> str:
        written = cells.text(value)
        if not written:
            raise ValidationError("The phone number is missing.")
        plain(written)  # another script's digits are refused by name, not read as 0–9
        return phone_line(written, country)

    return one


def optional(country: str, value: Any) -> bool:
    """Whether the cell is empty where a borrower may have no number (a US or UK office)."""
    return country != "CN" and not cells.text(value)


def kind(number: str) -> str:
    """The kind a number in E.164 is filed as (app.borrower_phones.KINDS): a landline alone as
    a home number, which takes no SMS; any other as a mobile."""
    return "home" if is_landline(number) else "mobile"


def masked(written: str) -> str:
    """The cell as the import's preview shows it: each number masked on its own, the separators
    and notes between them as written (masked whole, 13812345674/13900001111 showed as one long
    number, 138****************1111)."""
    parts = _BETWEEN.split(written)
    if len(parts) == 1:
        return mask_phone(written)
    return "".join(
        part if n % 2 or not part.strip() else part.replace(part.strip(), mask_phone(part))
        for n, part in enumerate(parts)
    )


def numbers(value: Any, one: Callable[[Any], str]) -> tuple[list[str], list[CasedeskError]]:
    """The cell's numbers in E.164, in the order written, each once; and why each number that is
    not one was refused (a cell holding one number is read by `one` alone, as it always was)."""
    try:
        return [one(value)], []
    except CasedeskError as exc:
        alone = exc
    written = cells.text(value)
    others = [n for n in _NOTE.findall(written) if n[1:-1].strip().lower() not in OWN_NOTES]
    if others:
        return [], [
            ValidationError(
                "The note {note} may mark someone else's number: keep only the borrower's own "
                "numbers in this column.",
                note=others[0],
            )
        ]
    pieces = [p.strip() for p in _SEPARATORS.split(_NOTE.sub(" ", written))]
    pieces = [p for p in pieces if p]
    if not pieces or pieces == [written] and len(written.split()) < 2:
        return [], [alone]  # nothing to split: the cell's own verdict
    found: list[str] = []
    refused: list[CasedeskError] = []
    for piece in pieces:
        read, errors = _piece(piece, one)
        found += [n for n in read if n not in found]
        refused += errors
    return found, refused


def _piece(piece: str, one: Callable[[Any], str]) -> tuple[list[str], list[CasedeskError]]:
    """A piece between separators: one number, or full numbers with spaces between them (spaces
    also group a number's digits: 138 1234 5674 139 0000 1111 is two)."""
    try:
        return [one(piece)], []
    except CasedeskError as exc:
        whole = exc
    words = piece.split()
    found: list[str] = []
    start = 0
    last = whole
    for end in range(1, len(words) + 1):
        try:
            found.append(one(" ".join(words[start:end])))
        except CasedeskError as exc:
            last = exc  # why the words since the last number read are not one
            continue
        start = end
    if start == len(words):
        return found, []
    return found, [last if found else whole]
