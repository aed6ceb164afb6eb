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
_WIDE = ("W", "F")


def reason_length(text: str | None) -> int:
    """The reason's length as the rule counts it (spaces at its ends left out)."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in (text or "").strip())


def short_reason(text: str | None) -> ValidationError | None:
    """Why `text` is too short a reason, or None when it says enough."""
    if reason_length(text) >= MIN_REASON:
        return None
    return ValidationError(
        "Write a reason of at least {count} characters (a Chinese character counts as two).",
        count=MIN_REASON,
    )
