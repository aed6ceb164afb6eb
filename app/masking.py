"""Masks for what a screen or a list may show of a borrower: ID number, phone, address.

No database or phone-number library here: the start's first screen masks ID numbers before they
have loaded (app/first_screen.py). app.privacy re-exports these.
"""

from __future__ import annotations


def mask_id(national_id: str) -> str:
    """First 6 and last 4 characters: 110101********1234."""
    text = national_id.strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_phone(number: str) -> str:
    """+86 138****5678 — keeps the prefix and the last four digits."""
    digits = number.strip()
    if digits.startswith("+86") and len(digits) == 14:
        return f"+86 {digits[3:6]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) <= 7:
        return "****" + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(line: str) -> str:
    """Keep the first six characters (province/city), hide the street and number."""
    line = line.strip()
    return line[:6] + "…" if len(line) > 6 else line
