"""A postcode is masked as the address beside it is: the area stays, the street does not."""

from __future__ import annotations

import pytest

from app.masking import mask_latin_address, mask_postcode


@pytest.mark.parametrize(
    ("code", "masked"),
    [
        ("LS6 2AB", "LS6"),
        ("SW1A 1AA", "SW1A"),
        ("10118", "101**"),
        ("10118-0110", "101**"),
        ("100020", "1000**"),
        ("", ""),
        ("ABC", "***"),
    ],
)
def test_mask_postcode(code: str, masked: str) -> None:
    assert mask_postcode(code) == masked


def test_a_uk_postcode_masks_as_it_does_in_a_line() -> None:
    line = mask_latin_address("12 London Road, Headingley, Leeds LS6 2AB")
    assert line.endswith(mask_postcode("LS6 2AB"))
