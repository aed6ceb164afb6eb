"""Money: integer minor units (分/cents) inside, Decimal at the edges, ROUND_HALF_UP."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.digits import plain
from app.errors import ValidationError

CENT = Decimal("0.01")


# A trillion yuan: beyond any loan, and far inside what the database stores (2**63 minor units);
# a bigger number is a typo ("1e30"), refused before it overflows anything.
MAX_AMOUNT = Decimal(10) ** 12
# How people write an amount: digits 0–9, grouped by threes with commas, with spaces (1 000 000,
# the no-break and narrow spaces a copied figure carries, the ideographic space; one kind of
# separator in an amount) or not at all, and a decimal part after a point. Decimal() alone also
# took "1e3", "1_000", "1,23.4" and ",,5" once the commas were dropped, each a typo read as
# money; "1 000,50" is refused, not read as a comma for the decimal point (1,000 is a thousand).
_WRITTEN = re.compile(
    r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:\.[0-9]*)?"
    r"|[+-]?\.[0-9]+"
)


def to_minor(amount: Decimal | str | int, currency: str | None = None) -> int:
    """Parse a user amount ('1,234.50', Decimal) into minor units; over 2 decimals is an error.

    `currency`: the office's (USD, GBP, CNY), whose own sign or code may go with the number
    ("$500.00", "£555", "¥800", "800元") as the import reads it; another currency's is refused.
    Without it, any sign is refused with the number to write instead."""
    if isinstance(amount, int):
        return amount * 100
    text = str(amount).strip()
    if not isinstance(amount, Decimal):
        # Full-width forms as a Chinese input method types them ("1，234．50"): the same amount;
        # NFKC also makes each kind of space (U+00A0, U+202F, U+3000) a plain one.
        text = plain(text, amount)
        if not _WRITTEN.fullmatch(text):
            bare, marks = _without_currency(text)
            if bare is not None and currency is not None:
                from app.importer.currency_signs import same_currency

                same_currency(str(amount).strip(), currency, *marks)
                return to_minor(bare)
            if bare is not None:  # "¥800", "800元", "RMB 1,000" (found by QA)
                raise ValidationError(
                    "Not an amount: {value}. Write the number alone, without a currency sign: "
                    "{number}.",
                    value=amount,
                    number=bare,
                )
            pointed = _with_decimal_point(text)
            if pointed is not None:  # "1 000,50", "1.000,50", "12,5" (found by QA)
                raise ValidationError(
                    "Not an amount: {value}. Use a point for the decimals: {number}.",
                    value=amount,
                    number=pointed,
                )
            raise ValidationError("Not an amount: {value}", value=amount)
        text = text.replace(",", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError("Not an amount: {value}", value=amount) from None
    if not value.is_finite():
        raise ValidationError("Not an amount: {value}", value=amount)
    if abs(value) >= MAX_AMOUNT:
        raise ValidationError("Too large an amount: {value}", value=amount)
    if value != value.quantize(CENT):
        raise ValidationError("An amount has at most two decimal places: {value}", value=amount)
    return int(value * 100)


def _without_currency(text: str) -> tuple[str | None, list[str]]:
    """The amount in `text` written with a currency's sign or code before or after it (the
    signs the import reads, app/importer/currency_signs.py) and those marks, else (None, [])."""
    from app.importer.currency_signs import CODE_CURRENCIES, SIGN_CURRENCIES

    marks = sorted({*SIGN_CURRENCIES, *CODE_CURRENCIES}, key=len, reverse=True)
    bare, found = text.strip(), []
    for mark in marks:
        if bare.upper().startswith(mark):
            bare, found = bare[len(mark) :].strip(), [mark]
            break
    for mark in marks:
        if bare.upper().endswith(mark):
            bare = bare[: -len(mark)].strip()
            found.append(mark)
            break
    if bare == text.strip() or not _WRITTEN.fullmatch(bare):
        return None, []
    return bare, found


# A decimal comma, as much of Europe writes money: the whole part grouped by threes with spaces
# or points (or not grouped), then a comma and one or two decimals. "1,50" is one; "1,500" (a
# thousand and five hundred) is read as written, with a comma between thousands.
_DECIMAL_COMMA = re.compile(
    r"([+-]?)([0-9]{1,3}(?:([ .])[0-9]{3})(?:\3[0-9]{3})*|[0-9]+),([0-9]{1,2})"
)


def _with_decimal_point(text: str) -> str | None:
    """`text` written with a decimal comma ("1 000,50") as Casedesk reads it ("1000.50"), else
    None."""
    found = _DECIMAL_COMMA.fullmatch(text.strip())
    if found is None:
        return None
    sign, whole, separator, decimals = found.groups()
    return f"{sign}{whole.replace(separator, '') if separator else whole}.{decimals}"


def within_limit(minor: int) -> int:
    """`minor` when no bigger than any amount Casedesk takes (MAX_AMOUNT), else a clear error:
    a core use case given an int checks it as `to_minor` checks typed text."""
    if abs(minor) >= MAX_AMOUNT * 100:
        raise ValidationError("Too large an amount: {value}", value=fmt(minor))
    return minor


def round_minor(value: Decimal) -> int:
    """Round a Decimal count of minor units to a whole minor unit (half up)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(CENT)


def fmt(minor: int) -> str:
    """'12,345.67' — for tables and messages."""
    return f"{from_minor(minor):,.2f}"
