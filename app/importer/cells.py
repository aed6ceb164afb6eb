"""Reading one spreadsheet cell: ID numbers, mobiles, whole numbers, dates, yes/no (amounts and
rates: app/importer/cell_amounts.py).

Each parser returns the stored value or raises ValidationError with a message a clerk can act
on. They are called once per cell of files with a million rows, so the common shapes take a
fast path and the general one (stdnum, phonenumbers, Decimal) is the fallback.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import phonenumbers
from stdnum.cn import ric

from app.digits import plain
from app.errors import ValidationError
from app.privacy import mask_id
from app.tabular import parse_date as _parse_date_text

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
# How Excel shows (and saves as CSV) a long number: '2.02603E+17'. Stricter than _SCIENTIFIC:
# a number or reference such as '2026E001' may be a lender's own.
_EXCEL_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d{2}$")
# Excel keeps 15 significant digits: an integral number cell this large has lost its last ones.
_EXCEL_DIGITS = 10**15
_NUMBER_TAIL = re.compile(r"^\d{15,18}\.0+$")
# [0-9], not \d: \d matches every script's digits, and a number kept with them is no number.
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9][0-9]{9})$")
_PHONE_JUNK = str.maketrans("", "", " -()（）")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# No borrower alive was born before this: an earlier birth date in an ID number is a typo.
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def text(value: Any) -> str:
    """The cell as trimmed text ('' for empty); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def excel_number(value: float) -> str:
    """A number cell as Excel shows it: 15 significant digits, so a computed 300.29999999999995
    (what Excel stores for =100.1+200.2) is 300.3, as the sheet shows it."""
    return format(value, ".15g")


def key(value: Any) -> str:
    """A borrower or loan number or a bank reference as text, refused when Excel has turned it
    into a number and dropped its last digits (a wrong number would be imported silently)."""
    if value.__class__ is str:
        found = value.strip()
        if not (found[:1].isdigit() and "E+" in found and _EXCEL_SCIENTIFIC.match(found)):
            return found
        shown = found
    elif isinstance(value, float) and value.is_integer() and abs(value) >= _EXCEL_DIGITS:
        shown = f"{value:.6G}"
    else:
        return text(value)
    raise ValidationError(
        "{value} was saved as a number, so Excel has dropped its last digits; format the "
        "column as Text and type the number again.",
        value=shown,
    )


# --- names ------------------------------------------------------------------------------------

# Han characters (the basic block, extensions A to H, compatibility ideographs): a name of these
# alone has no spaces in it, whatever a hand-kept sheet padded it with (王　芳).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def person_name(value: Any) -> str:
    """A name as written, in NFKC (full-width letters and the ideographic space as ASCII), each
    run of spaces one space; a name of Han characters alone with no space at all (王　芳 is 王芳,
    as a search for it is typed)."""
    written = text(value)
    if written.isascii():
        return " ".join(written.split())
    words = unicodedata.normalize("NFKC", written).split()
    if all(_HAN.fullmatch(char) for word in words for char in word):
        return "".join(words)
    return " ".join(words)


# --- resident ID numbers ----------------------------------------------------------------------


def resident_id(value: Any, *, today: dt.date | None = None) -> str:
    """An 18-character resident ID (GB 11643), compact and upper-case.

    A number cell is refused even when its digits happen to check out: Excel keeps only 15
    significant digits, so an ID typed into a number cell has already lost its last ones. So is
    a birth date after `today` (default: the computer's date) or before 1900.
    """
    if isinstance(value, bool):
        raise ValidationError("Not a resident ID number: {value}", value=str(value))
    if isinstance(value, int | float):
        shown = f"{value:.6G}" if isinstance(value, float) else str(value)
        raise ValidationError(
            "The ID number is stored as a number ({value}), so Excel has dropped its last "
            "digits; format the column as Text and type the number again.",
            value=shown,
        )
    # Typed in full-width mode (１１０１…Ｘ) or spaced with an ideographic space: the same number.
    number = "".join(unicodedata.normalize("NFKC", text(value)).split()).upper()
    if _SCIENTIFIC.match(number) or _NUMBER_TAIL.match(number):
        raise ValidationError(
            "The ID number was saved as a number ({value}), so Excel has dropped its last "
            "digits; format the column as Text and type the number again.",
            value=number,
        )
    if not number:
        raise ValidationError("The ID number is missing.")
    if len(number) != 18 or not (number.isascii() and number[:17].isdigit()):
        raise ValidationError(
            "An ID number has 18 characters (17 digits and a digit or X): {value}",
            value=mask_id(number),
        )
    if number[-1] != ric.calc_check_digit(number):
        if number.endswith("000"):
            raise ValidationError(
                "The ID number {value} ends in 000 and fails its check digit: it looks like "
                "Excel turned it into a number and dropped its last digits.",
                value=mask_id(number),
            )
        raise ValidationError(
            "The ID number {value} fails its check digit (mistyped?).", value=mask_id(number)
        )
    try:
        born = ric.get_birth_date(number)
    except Exception:
        raise ValidationError(
            "The ID number {value} holds no valid birth date.", value=mask_id(number)
        ) from None
    # The message masks the number as every list does, so it names no birth date either.
    if born > (today or dt.date.today()):
        raise ValidationError(
            "The ID number {value} holds a birth date in the future.", value=mask_id(number)
        )
    if born < EARLIEST_BIRTH:
        raise ValidationError(
            "The ID number {value} holds a birth date before 1900.", value=mask_id(number)
        )
    place = (number[:6], born.year)
    known = _PLACES.get(place)
    if known is None:
        known = _PLACES[place] = _place_known(number)
    if not known:
        raise ValidationError(
            "The ID number {value} names no region in use in its birth year or since (mistyped?).",
            value=mask_id(number),
        )
    return number


# The region check per (region, birth year): it searches a large table (~0.1 ms a number).
_PLACES: dict[tuple[str, int], bool] = {}


def _place_known(number: str) -> bool:
    """Whether the number's region code was in use in its birth year or any year since.

    A number takes the region where it was first issued, which for anyone born before the
    mid-1980s is years after their birth: a Chengdu borrower born in 1965 may hold 510107 (武侯区,
    a code since 1990), a Shanghai one 310115 (浦东新区, since 1992). stdnum's own check wants the
    code in use in the birth year and refuses them; a code retired before the birth year still
    cannot be right."""
    from stdnum import numdb

    born = int(number[6:10])
    counties = [
        props["county"]
        for _part, props in numdb.get("cn/loc").info(number[:6])
        if "county" in props
    ]
    for county in (name for names in counties for name in names.split(",") if name):
        if not county.startswith("["):
            return True  # in use throughout
        span = county[1:].split("]", 1)[0]
        end = span.split("-", 1)[1] if "-" in span else ""
        if not end or int(end) >= born:
            return True
    return False


def birth_date(national_id: str) -> dt.date:
    return dt.date(int(national_id[6:10]), int(national_id[10:12]), int(national_id[12:14]))


def gender(national_id: str) -> str:
    """The 17th digit: odd for men, even for women."""
    return "M" if int(national_id[16]) % 2 else "F"


# --- mobiles ----------------------------------------------------------------------------------


def mobile(value: Any) -> str:
    """A Chinese mobile number in E.164 (+8613812345678)."""
    raw = text(value)
    # Full-width digits typed partway through (138１２３４…) are the same number; another
    # script's digits (٣) are refused by name, as every typed number is.
    compact = (raw if raw.isascii() else plain(raw)).translate(_PHONE_JUNK)
    if not compact:
        raise ValidationError("The mobile number is missing.")
    match = _MOBILE.match(compact)
    if match is None:
        return _mobile_slow(raw)
    digits = match[1]
    verdict = _SEGMENTS.get(digits[:7])
    if verdict is None:
        verdict = _SEGMENTS[digits[:7]] = _is_mobile(digits)
    if not verdict:
        raise ValidationError("Not a Chinese mobile number: {value}", value=raw)
    return "+86" + digits


# phonenumbers' verdict per 7-digit number segment (号段), the unit operators are allotted: it
# takes ~0.1 ms a number, too slow for a hundred thousand borrowers.
_SEGMENTS: dict[str, bool] = {}


def _is_mobile(digits: str) -> bool:
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _mobile_slow(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError("Not a phone number: {value}", value=raw) from None
    if number.country_code != 86:
        raise ValidationError("Not a Chinese mobile number: {value}", value=raw)
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError("Not a Chinese mobile number: {value}", value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- money, rates, whole numbers -------------------------------------------------------------


def whole(value: Any, *, low: int = 1, high: int = 10**9) -> int:
    if value.__class__ is str and value.isascii() and value.isdigit():
        number = int(value)
        if low <= number <= high:
            return number
    if isinstance(value, bool):
        raise ValidationError("Not a whole number: {value}", value=str(value))
    if isinstance(value, float):  # 12.000000000000002, a computed 12, is the 12 Excel shows
        value = float(excel_number(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        s = plain(text(value)).strip()  # １２ (full-width) is 12; ٣ (Arabic-Indic) refused by name
        if not (s.isascii() and s.isdigit()):
            raise ValidationError("Not a whole number: {value}", value=text(value))
        number = int(s)
    if not low <= number <= high:
        raise ValidationError(
            "{value} is not between {low} and {high}.", value=number, low=low, high=high
        )
    return number


# --- dates, yes/no ---------------------------------------------------------------------------


def date(value: Any) -> dt.date:
    """2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, an Excel date or day number."""
    if value.__class__ is str:
        # A schedule repeats a few thousand dates over a million rows: read each text once.
        known = _DATES.get(value)
        if known is None:
            known = _date(value)
            if len(_DATES) > 100_000:
                _DATES.clear()
            _DATES[value] = known
        return known
    return _date(value)


_DATES: dict[str, dt.date] = {}
_YEAR_FIRST = re.compile(r"^\d{4}([-/.])\d{1,2}\1\d{1,2}$|^\d{4}年\d{1,2}月\d{1,2}日?$")


def _date(value: Any) -> dt.date:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        if 20_000 <= value <= 80_000:  # an Excel day number whose date format was lost
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    s = text(value)
    if not s:
        raise ValidationError("The date is missing.")
    try:
        return _parse_date_text(s if s.isascii() else unicodedata.normalize("NFKC", s))
    except ValidationError:  # say what is read: 11/25/2026 could be either way round
        if _YEAR_FIRST.match(s):
            raise ValidationError("There is no such date: {value}.", value=s) from None
        raise ValidationError(
            # The Chinese form 2026年3月5日 is read too: the Chinese message offers it, an
            # English one (a UK or US office's) does not.
            "Cannot read the date {value}: write it year first, as 2026-03-05 or 2026/3/5 (or "
            "format the cell as a date).",
            value=s,
        ) from None


_YES = {"yes", "y", "true", "1", "是", "同意", "有", "√", "✓", "x"}
_NO = {"no", "n", "false", "0", "否", "不同意", "无", "", "×"}


def yes_no(value: Any) -> bool:
    s = text(value).lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise ValidationError("Write yes or no (是/否), not {value}.", value=s)
