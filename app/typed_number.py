"""A record's number as a user types it (loan, case, agreement, visit, complaint numbers):
half width and trimmed, so ＱＬ０００１ typed with a Chinese input method in full-width mode
is QL0001, as the window's search reads it (NFKC also makes the ideographic space a space)."""

from __future__ import annotations

import unicodedata


def typed_number(typed: str | None) -> str:
    """`typed` in NFKC (full-width letters and digits as ASCII), without surrounding spaces."""
    text = typed or ""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def number_key(typed: str | None) -> str:
    """The number as the office writes its own numbers: `typed_number` in upper case."""
    return typed_number(typed).upper()


def reference_key(typed: str | None) -> str | None:
    """A bank reference as the duplicate checks compare it: `number_key`, none when blank."""
    return number_key(typed) or None
