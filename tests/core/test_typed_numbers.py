"""One rule for digits and separators wherever a number is typed: an amount may group its
thousands with spaces as with commas (1 000 000; the no-break, narrow no-break and ideographic
spaces a copied or IME-typed figure carries), full-width digits are read as before, and any other
script's digits (Arabic-Indic ٣٤٥ …) are refused with the character named. QA: "1 000" was
refused while "٣٤٥" was read as 345 through Python's Decimal() and int()."""

from __future__ import annotations

import pytest

from app.digits import whole_text
from app.errors import ValidationError
from app.i18n import tr
from app.importer.cell_amounts import amount, rate_bp
from app.importer.cells import whole
from app.money import to_minor

SPACES = [" ", "\u00a0", "\u202f", "\u3000"]


@pytest.mark.parametrize("space", SPACES)
def test_spaces_group_thousands_as_commas_do(space):
    assert to_minor(f"1{space}000") == 100_000
    assert to_minor(f"1{space}234{space}567.89") == 123_456_789
    assert to_minor(f"-12{space}345") == -1_234_500
    assert amount(f"¥1{space}000.50") == 100_050  # an import cell
    assert amount(f"12{space}345元") == 1_234_500


@pytest.mark.parametrize(
    "text",
    [
        "1 00",  # not a group of three
        "1 0000",
        "1  000",  # two spaces
        "1,000 000",  # two kinds of separator in one amount
        "12 34.5",
        " 1 000 .5",
    ],
)
def test_a_space_anywhere_else_is_refused(text):
    """A decimal comma ("1 000,50") is refused too, not guessed at, and says to write 1000.50
    (tests/core/test_overpaying.py)."""
    with pytest.raises(ValidationError) as caught:
        to_minor(text)
    assert caught.value.msgid == "Not an amount: {value}"


def test_full_width_digits_are_read_as_before():
    assert to_minor("１，２３４．５０") == 123_450
    assert to_minor("１\u3000２３４") == 123_400
    assert whole_text("１２") == 12
    assert whole("１２") == 12


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("٣٤٥", "٣ (U+0663)"),
        ("1,٢٣٤.00", "٢ (U+0662)"),
        ("३४५", "३ (U+0969)"),
        ("12.۵0", "۵ (U+06F5)"),
    ],
)
def test_other_scripts_digits_are_refused_by_name(text, named):
    for read in (to_minor, amount):
        with pytest.raises(ValidationError) as caught:
            read(text)
        said = caught.value.translated("en")
        assert named in said and text in said, said
        assert named in caught.value.translated("zh_CN")
    assert tr(caught.value.msgid, "zh_CN") != caught.value.msgid  # translated


@pytest.mark.parametrize("read", [whole_text, whole, rate_bp])
def test_other_scripts_digits_are_refused_in_whole_numbers_and_rates(read):
    with pytest.raises(ValidationError, match=r"٣ \(U\+0663\)"):
        read("٣")


@pytest.mark.parametrize("text", ["1_000", "1e3", "", "12a", "1 000"])
def test_a_whole_number_is_digits_only(text):
    with pytest.raises(ValueError):
        whole_text(text)
    assert whole_text(" -3 ") == -3


def test_a_whole_number_beyond_64_bits_is_refused():
    """The database stores 64 bits: a larger id or limit ended in a traceback (QA s44 #2)."""
    assert whole_text(str(2**63 - 1)) == 2**63 - 1
    assert whole_text(str(-(2**63) + 1)) == -(2**63) + 1
    for text in (str(2**63), "99999999999999999999", "-99999999999999999999"):
        with pytest.raises(ValidationError) as refused:
            whole_text(text)
        assert refused.value.translated() == f"{text} is too large a number."


def test_a_whole_number_cell_is_read_without_a_float():
    """QA s44 #8: `training add --score 12345678901234567` said "not 12345678901234568"."""
    from app.tabular import parse_whole_number

    assert parse_whole_number("12345678901234567") == 12345678901234567
    assert parse_whole_number("-12345678901234567.00") == -12345678901234567
    assert parse_whole_number("99999999999999999999999") == 99999999999999999999999
    assert parse_whole_number(85.0) == 85
