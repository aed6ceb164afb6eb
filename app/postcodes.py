"""Postcodes as the office's country writes them: a UK postcode, a US ZIP code, a Chinese 邮编.

A simple pattern each (no library keeps them better): the shape is checked, not whether the
Royal Mail or USPS delivers to it. Kept as written once normalised: a UK postcode in capitals
with one space before its inward code ("sw1a1aa" → "SW1A 1AA"); a ZIP+4 with its dash.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from app.errors import ValidationError

# BS 7666's shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA, and GIR 0AA), with
# the letters each position never uses.
_UK = re.compile(
    r"^(?:GIR0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\d[ABD-HJLNP-UW-Z]{2})$"
)
_US = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_CN = re.compile(r"^\d{6}$")
MAX_LENGTH = 10  # Address.postcode's length


def postcode(value: Any, country: str) -> str:
    """The postcode in `value` as `country` (CN, US, GB) writes it; "" for an empty cell.

    A number cell lost its leading zeros in Excel (02134, 010010): they are put back."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = _zeros_back(str(value), country)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    compact = re.sub(r"\s+", "", text).upper()
    if country == "GB":
        if _UK.match(compact):
            return f"{compact[:-3]} {compact[-3:]}"
        raise ValidationError(
            "{value} is not a UK postcode; write it as SW1A 1AA or LS6 2AB.", value=text
        )
    if country == "US":
        found = _US.match(compact)
        if found:
            return found.group(1) + (f"-{found.group(2)}" if found.group(2) else "")
        raise ValidationError(
            "{value} is not a ZIP code; write five digits (10001) or ZIP+4 (10001-1234).",
            value=text,
        )
    if _CN.match(compact):
        return compact
    raise ValidationError("{value} is not a postcode; a postcode has six digits.", value=text)


def _zeros_back(digits: str, country: str) -> str:
    """A number cell's digits with the leading zeros Excel dropped. No ZIP code starts with
    three zeros (the lowest is 00501), so a US number that would need three is left as typed and
    refused: 123456 is a typo, not ZIP+4 00012-3456."""
    if country == "CN":
        return digits.zfill(6)
    if country == "US":
        if 3 <= len(digits) <= 5:
            return digits.zfill(5)
        if 7 <= len(digits) <= 9:
            return digits.zfill(9)
    return digits


def with_postcode(line: str, code: str) -> str:
    """The address line with its postcode after it, unless the line already ends with it."""
    line, code = line.strip(), code.strip()
    if not code:
        return line
    if not line:
        return code
    if re.sub(r"\s", "", line).upper().endswith(re.sub(r"\s", "", code).upper()):
        return line
    separator = ", " if line.isascii() else " "
    return f"{line}{separator}{code}"
