"""Reading an amount or a rate cell: '12,345.60', '¥800', '800元', 12345.6, '12.5%'.

Called once per cell of files with a million rows: the common shapes take one regular
expression, the general one (full-width digits, Decimal) is the fallback.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from app.digits import plain
from app.errors import ValidationError
from app.importer.cells import excel_number, text
from app.importer.currency_signs import CODE_CURRENCIES
from app.importer.currency_signs import same_currency as _same_currency
from app.money import MAX_AMOUNT, to_minor

# '12,345.60', '945.6', '¥800', '800元', '$800', '£800': nearly every amount cell, in one match.
# 0-9 only: \d also matched Arabic-Indic and other scripts' digits, which int() read as numbers
# (app/digits.py). A space-grouped '1 000' takes the general way, as `to_minor` reads it.
_AMOUNT = re.compile(
    r"\s*([¥￥$£€])?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?\s*(元)?\s*"
)


_SIGNS = "¥￥$£€"
# "RMB 1,000.00", "1,000.00 CNY", "人民币1,000元": a currency's code before or after the amount.
_CODE = "|".join(re.escape(c) for c in sorted(CODE_CURRENCIES, key=len, reverse=True))
_CODE_BEFORE = re.compile(rf"^({_CODE})\s*(.+)$", re.IGNORECASE)
_CODE_AFTER = re.compile(rf"^(.+?)\s*({_CODE})$", re.IGNORECASE)


def amount(value: Any, *, allow_zero: bool = False, currency: str | None = None) -> int:
    """Minor units from '12,345.60', '¥800', '$800', 800, 12345.6; at most two decimal places.

    Text is read as `payment post` reads a typed amount (app.money.to_minor): '1e3', '1E2' and
    '1_000' are refused, not taken for money; so is another `currency`'s sign than the office's.
    """
    if value.__class__ is str and (m := _AMOUNT.fullmatch(value)) is not None:
        sign, digits, cents, yuan = m.group(1, 2, 3, 4)
        if currency is not None and (sign or yuan):
            _same_currency(value.strip(), currency, sign, yuan)
        minor = int(digits.replace(",", "") if "," in digits else digits) * 100
        if cents:
            minor += int(cents) * (10 if len(cents) == 1 else 1)
        if len(digits) > 12:  # perhaps a trillion yuan or more
            _within_limit(minor, value.strip())
    elif isinstance(value, int) and not isinstance(value, bool):
        minor = _within_limit(value * 100, str(value))
    else:
        minor = _amount_slow(value, currency)
    if minor <= 0 and (minor < 0 or not allow_zero):
        raise ValidationError("An amount must be more than zero: {value}", value=text(value) or "0")
    return minor


def _within_limit(minor: int, raw: str) -> int:
    if abs(minor) >= MAX_AMOUNT * 100:
        raise ValidationError("Too large an amount: {value}", value=raw)
    return minor


def _amount_slow(value: Any, currency: str | None = None) -> int:
    if isinstance(value, float):  # an Excel number cell: the number the sheet shows
        raw = excel_number(value)
        written: Decimal | str = Decimal(raw)
    else:
        raw = text(value)
        if not raw:
            raise ValidationError("The amount is missing.")
        # Typed with a Chinese input method in full-width mode: 1，000．00 is 1,000.00.
        s = unicodedata.normalize("NFKC", raw) if not raw.isascii() else raw
        if (m := _CODE_BEFORE.match(s.strip()) or _CODE_AFTER.match(s.strip())) is not None:
            code, s = (m[1], m[2]) if m.re is _CODE_BEFORE else (m[2], m[1])
            _same_currency(raw.strip(), currency, code.upper())
        if s[:1] in _SIGNS:
            _same_currency(raw.strip(), currency, s[:1])
            s = s[1:]
        elif s[:1] == "-" and s[1:2] in _SIGNS:
            _same_currency(raw.strip(), currency, s[1:2])
            s = "-" + s[2:]
        if s.endswith("元"):
            _same_currency(raw.strip(), currency, "元")
            s = s[:-1]
        written = s.strip()
    try:  # a sign left after the number ("100$") is judged as `payment post` judges it (QA)
        return to_minor(written, currency)
    except ValidationError as exc:  # the same words, naming the cell as it was written
        raise ValidationError(exc.msgid, **{**exc.params, "value": raw}) from None


def rate_bp(value: Any) -> int:
    """An annual rate in basis points from '12.5%', '12.5' (per cent) or 0.125 (Excel percent)."""
    return rate_read(value)[0]


def rate_read(value: Any) -> tuple[int, bool]:
    """`rate_bp`, and whether the value was read as a fraction (0.5 as 50%, not 0.5%): the
    import's check names each such rate, as a clerk may have meant a per cent."""
    raw = text(value) if not isinstance(value, float) else excel_number(value)
    s = plain(raw).rstrip("%").strip()
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ValidationError("Not an interest rate: {value}", value=raw) from None
    if not number.is_finite() or number < 0:
        raise ValidationError("Not an interest rate: {value}", value=raw)
    # A value below 1 without a % sign is a fraction: Excel stores 12.5% as 0.125.
    fraction = 0 < number < 1 and not raw.endswith(("%", "％"))
    percent = number * 100 if fraction else number
    bp = percent * 100
    if bp != bp.to_integral_value():
        raise ValidationError(
            "An interest rate has at most two decimal places of a per cent: {value}", value=raw
        )
    if bp > 100_000:
        raise ValidationError("The annual rate must be between 0% and 1000%.")
    return int(bp), fraction
