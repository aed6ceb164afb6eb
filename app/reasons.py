"""How much a written reason must say: a supervisor's override of a rule, a reveal of personal
data in full. One rule for the window, the command line and the core, which enforces it.

Its length is counted as it is written on screen: a Chinese character counts as two, so a
reason says about as much in either language ("家属代为同意回电" passes as "family agreed"
does; 10 Chinese characters would be a sentence of five or six English words).
"""

from __future__ import annotations

import unicodedata

from app.errors import ValidationError

MIN_REASON = 10
MAX_REASON = 2000  # characters, as a contact's notes (app.notes)
_WIDE = ("W", "F")


def reason_length(text: str | None) -> int:
    """The reason's length as the rule counts it (spaces at its ends left out)."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in (text or "").strip())


def long_reason(text: str | None) -> ValidationError | None:
    """Why `text` is too long a reason (a paste of 100,000 characters), or None."""
    count = len((text or "").strip())
    if count <= MAX_REASON:
        return None
    return ValidationError(
        "The reason is too long: {count} characters, at most {max}.",
        count=f"{count:,}",
        max=f"{MAX_REASON:,}",
    )


def short_reason(text: str | None) -> ValidationError | None:
    """Why `text` is too short a reason (or too long: long_reason), or None when it says
    enough."""
    too_long = long_reason(text)
    if too_long is not None:
        return too_long
    if reason_length(text) >= MIN_REASON:
        return None
    return ValidationError(
        "Write a reason of at least {count} characters (a Chinese character counts as two).",
        count=MIN_REASON,
    )


def refuse_short(text: str | None) -> None:
    """Raise `short_reason`'s refusal: a supervisor's decision kept in the audit trail (a write-off,
    a pause lifted, an agreement cancelled) says why as fully as an override does."""
    refusal = short_reason(text)
    if refusal is not None:
        raise refusal
