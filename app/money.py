"""Money: integer minor units (分/cents) inside, Decimal at the edges, ROUND_HALF_UP."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.errors import ValidationError

CENT = Decimal("0.01")


def to_minor(amount: Decimal | str | int) -> int:
    """Parse a user amount ('1,234.50', Decimal) into minor units; over 2 decimals is an error."""
    if isinstance(amount, int):
        return amount * 100
    text = str(amount).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError("Not an amount: {value}", value=amount) from None
    if not value.is_finite():
        raise ValidationError("Not an amount: {value}", value=amount)
    if value != value.quantize(CENT):
        raise ValidationError("An amount has at most two decimal places: {value}", value=amount)
    return int(value * 100)


def round_minor(value: Decimal) -> int:
    """Round a Decimal count of minor units to a whole minor unit (half up)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(CENT)


def fmt(minor: int) -> str:
    """'12,345.67' — for tables and messages."""
    return f"{from_minor(minor):,.2f}"
