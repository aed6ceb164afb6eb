"""How a loans file's interest rates were read, and the ones no Chinese loan may carry.

A value below 1 without a % sign is read as a fraction (Excel stores 12.5% as 0.125), so "0.5"
is 50% a year, though a clerk may have meant 0.5%: the check names every rate so read, before
Import (a booked loan's schedule is never re-imported). An office under the Chinese rules (its
jurisdiction cn) is refused a rate above 36% a year: interest above it is not upheld by Chinese
courts (the Supreme People's Court's private lending provisions of 2015) and a licensed lender
may not charge it (the 2017 notice on cash loans caps the annual cost at 36%), so such a rate is
a misread cell, not a loan to collect on as written. One above 24% (the 2015 provisions' line
above which a borrower may refuse to pay) is named in the check. A US or UK office's rules vary
by state and product: its rates are not capped here.
"""

from __future__ import annotations

from typing import Any

from app.errors import ValidationError
from app.importer import cells
from app.importer.report import ImportReport, rate_text

CN_CEILING_BP = 3600
CN_NOTED_BP = 2400


def check_rate(jurisdiction: str, value: Any, bp: int, fraction: bool) -> None:
    """Refuse a rate above 36% a year in an office under the Chinese rules."""
    if jurisdiction != "cn" or bp <= CN_CEILING_BP:
        return
    if fraction:
        raise ValidationError(
            "{value} was read as {rate} a year (a value below 1 is read as a fraction, as Excel "
            "stores a percent), above the 36% a Chinese loan may carry: if it means {value}%, "
            "write it so.",
            value=cells.text(value),
            rate=rate_text(bp),
        )
    raise ValidationError(
        "The annual rate {rate} is above the 36% a Chinese loan may carry: check the cell.",
        rate=rate_text(bp),
    )


def note_rate(
    jurisdiction: str, report: ImportReport, line: int, value: Any, bp: int, fraction: bool
) -> None:
    """Name a new loan's rate read as a fraction, or above 24% a year (cn), in the check."""
    if fraction:
        report.fractions.append((line, cells.text(value), bp))
    if jurisdiction == "cn" and bp > CN_NOTED_BP:
        report.steep.append((line, bp))
