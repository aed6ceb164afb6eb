"""The currency an amount's sign stands for, against the office's: an import reads only its own
money ($ in a yuan office is not yuan)."""

from __future__ import annotations

from app.errors import ValidationError

# The currencies a sign may stand for: an amount with another's sign is not the office's money.
# ¥ and the full-width ￥ (a Chinese input method's) are both read as yuan here.
SIGN_CURRENCIES = {
    "¥": ("CNY",),
    "￥": ("CNY",),
    "元": ("CNY",),
    "$": ("USD", "HKD", "SGD", "AUD", "CAD", "NZD", "TWD"),
    "£": ("GBP",),
    "€": ("EUR",),
}

# A currency's code or name written before or after the amount, as bank statements and ledger
# exports write it ("RMB 1,000.00", "1,000.00 CNY", "人民币1,000元"); matched in capitals.
CODE_CURRENCIES = {
    "RMB": ("CNY",),
    "CNY": ("CNY",),
    "人民币": ("CNY",),
    "USD": ("USD",),
    "US$": ("USD",),
    "HKD": ("HKD",),
    "HK$": ("HKD",),
    "GBP": ("GBP",),
    "EUR": ("EUR",),
    # The names a Chinese clerk writes after a foreign amount ("100美元"): another currency's
    # money, refused as its sign is, not left as "not an amount" (QA).
    "美元": ("USD",),
    "美金": ("USD",),
    "港元": ("HKD",),
    "港币": ("HKD",),
    "英镑": ("GBP",),
    "欧元": ("EUR",),
    "日元": ("JPY",),
}


def same_currency(raw: str, currency: str | None, *signs: str | None) -> None:
    """Refuse an amount written in another currency than the office's (`currency`; None: any)."""
    for sign in signs:
        if sign and currency and currency not in {**SIGN_CURRENCIES, **CODE_CURRENCIES}[sign]:
            raise ValidationError(
                "The amount {value} is in {sign}, but this office's amounts are in {currency}: "
                "convert it to {currency} and write the converted amount, without a currency sign.",
                value=raw,
                sign=sign,
                currency=currency,
            )
