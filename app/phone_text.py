"""A phone number as printed for people to read and dial: in its country's groups."""

from __future__ import annotations

import phonenumbers


def phone_text(number: str) -> str:
    """ "+86 138 1234 5678" for the stored "+8613812345678" (the sheet and the borrower's copy
    printed the run of digits, which is read and dialled wrong); a number the library cannot
    read is shown as it is stored, and so is a masked one (the library reads past the stars)."""
    if "*" in number:
        return number
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
