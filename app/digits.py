"""Digits in typed text: 0–9 and their full-width forms (０–９, as a Chinese input method types
them) are read; any other script's digits (Arabic-Indic ٣٤٥, Devanagari ३४५ …) are refused by
name. Python's int() and Decimal() read every script's digits, so "٣٤٥" was taken for 345 in one
field and refused in the next, and a reader of the record saw a number nobody typed."""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError

_WHOLE = re.compile(r"[+-]?[0-9]+")
# The largest whole number the database stores (SQLite's INTEGER, PostgreSQL's BIGINT: 64 bits);
# a larger one typed as an id or a limit reached the database and ended in a traceback.
LARGEST_WHOLE = 2**63 - 1


def other_digit(text: str) -> str | None:
    """The first digit in (NFKC-normalised) `text` that is not 0–9, shown with its code point."""
    if text.isascii():
        return None
    for char in text:
        if char.isdigit() and not char.isascii():
            return f"{char} (U+{ord(char):04X})"
    return None


def plain(text: str, value: object = None) -> str:
    """`text` in NFKC (full-width digits and signs as ASCII, every kind of space a space), or a
    refusal naming a digit of another script; `value` is what the message shows (`text`)."""
    normal = unicodedata.normalize("NFKC", text)
    char = other_digit(normal)
    if char is not None:
        raise ValidationError(
            "Write numbers with the digits 0–9: {char} in {value} is not one.",
            char=char,
            value=text if value is None else value,
        )
    return normal


def whole_text(text: str) -> int:
    """A typed whole number ("12", "１２", " -3 "); ValueError for anything else ("1_000", "1e3"),
    ValidationError for a digit of another script or a number beyond 64 bits."""
    normal = plain(text).strip()
    if not _WHOLE.fullmatch(normal):
        raise ValueError(text)
    value = int(normal)
    if abs(value) > LARGEST_WHOLE:
        raise ValidationError("{value} is too large a number.", value=text.strip())
    return value
