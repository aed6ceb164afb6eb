"""A masked phone keeps its country code apart: +1 31****0134, not +12*****0134 (read as the
country code +12); a Chinese mobile is masked as before, +86 138****5678."""

from __future__ import annotations

import pytest

from app.export_search import masked_search
from app.masking import mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+8613812345678", "+86 138****5678"),  # unchanged
        ("13812345602", "138****5602"),  # typed without a code: unchanged
        ("+13105550134", "+1 31****0134"),  # US: was +13*****0134
        ("+12125550187", "+1 21****0187"),  # was +12*****0187, "country code +12"
        ("+447911123456", "+44 79****3456"),  # UK mobile
        ("+442890321234", "+44 28****1234"),  # UK landline: was +44******1234
        ("+85291234567", "+852 ****4567"),  # a three-digit code, a short number: last 4 only
        ("+4930123456", "+49 ****3456"),
    ],
)
def test_each_countrys_code_stands_apart(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_a_us_number_in_a_search_is_masked_so_too() -> None:
    assert masked_search("Smith +13105550134", "US") == "Smith +1 31****0134"
