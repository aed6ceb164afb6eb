"""`to_minor(text, currency)`: the office's own currency sign or code goes with a typed amount
as the import reads it; another currency's is refused naming the office's; without a currency
any sign is refused as before."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.money import to_minor


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [
        ("$500.00", "USD", 50_000),
        ("USD 1,000", "USD", 100_000),
        ("1,000 usd", "USD", 100_000),
        ("£555", "GBP", 55_500),
        ("GBP 12,000.00", "GBP", 1_200_000),
        ("¥800", "CNY", 80_000),
        ("800元", "CNY", 80_000),
        ("RMB 1,000", "CNY", 100_000),
        ("1,234.50", "USD", 123_450),
    ],
)
def test_the_offices_own_sign_is_read(typed, currency, minor):
    assert to_minor(typed, currency) == minor


@pytest.mark.parametrize(
    ("typed", "currency", "sign"),
    [("£500", "USD", "£"), ("$500", "GBP", "$"), ("¥800", "USD", "¥"), ("$500", "CNY", "$")],
)
def test_another_currencys_sign_is_refused(typed, currency, sign):
    with pytest.raises(ValidationError) as refused:
        to_minor(typed, currency)
    assert refused.value.params["sign"] == sign and refused.value.params["currency"] == currency


def test_without_the_office_any_sign_is_refused():
    with pytest.raises(ValidationError) as refused:
        to_minor("$500.00")
    assert refused.value.params["number"] == "500.00"
    with pytest.raises(ValidationError):
        to_minor("$", "USD")  # no number in it
