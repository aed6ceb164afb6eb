"""Borrower data as the office's country writes it: the ID number scheme (China's resident ID, a US
Social Security number, a UK National Insurance number) and the region a phone number written
without a country code belongs to.

The country follows the office's rule set (cn → CN, us → US, uk → GB). A Chinese office keeps
the resident ID checks of app/importer/cells.py; a US or UK office is not made to enter one.
"""

from __future__ import annotations

import functools
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.us import ssn

from app.errors import ValidationError
from app.i18n import Words
from app.id_labels import id_label, jurisdiction_country
from app.id_refusals import NINO_SHAPE, nino_refusal, ssn_refusal
from app.models import Office
from app.office import office_zones, same_place

_JUNK = str.maketrans("", "", " -.")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def office_country(session: Session) -> str:
    """The office's country code (CN, US, GB): its rule set's; CN before an office exists."""
    jurisdiction = session.scalar(select(Office.jurisdiction).order_by(Office.id).limit(1))
    return jurisdiction_country(jurisdiction)


def masked(number: str) -> str:
    """A written US/UK ID number in a message: its last three characters only."""
    compact = number.translate(_JUNK)
    return "*" * max(len(compact) - 3, 0) + compact[-3:]


def id_number(value: Any, country: str) -> str:
    """A US SSN (9 digits) or a UK NI number (AB123456C), compact; a clear error otherwise."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = "" if value is None or isinstance(value, bool) else str(value).strip()
    if not raw:
        raise ValidationError("The {id_number} is missing.", id_number=Words(id_label(country)))
    compact = raw.translate(_JUNK).upper()
    if country == "US":
        try:
            return str(ssn.validate(compact))
        except Exception:
            refused = ssn_refusal(compact, masked(raw))  # an SSN's shape: the part never issued
            if refused is not None:
                raise refused from None
            raise ValidationError(
                "Not a US Social Security number (9 digits, as 123-45-6789): {value}",
                value=masked(raw),
            ) from None
    if country == "GB":
        refused = nino_refusal(compact, masked(raw))
        if refused is not None:
            raise refused
        if NINO_SHAPE.match(compact):
            return compact
        raise ValidationError(
            "Not a UK National Insurance number (two letters, six digits and A, B, C or D, as "
            "AB 12 34 56 C): {value}",
            value=masked(raw),
        )
    raise ValidationError("Unknown country {code} for ID numbers.", code=country)


def phone_number(raw: str, region: str) -> str:
    """A mobile number in E.164; one without a country code is read as `region`'s."""
    number = _parsed(raw, region)
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        _MOBILE_TYPES
    ):
        raise ValidationError("Not a mobile number: {value}", value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_line(raw: str, region: str) -> str:
    """A mobile or a landline number in E.164 (a US or UK borrower may have only a landline);
    one without a country code is read as `region`'s. A toll-free, premium or other service
    number is refused: it is nobody's own line."""
    number = _parsed(raw, region)
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        *_MOBILE_TYPES,
        phonenumbers.PhoneNumberType.FIXED_LINE,
    ):
        raise ValidationError("Not a mobile or landline number: {value}", value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_landline(e164: str) -> bool:
    """Whether a number in E.164 is a landline alone, which takes no SMS. A number that may be
    either (every US number) is not: it is kept as a mobile, as before."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE


# The kinds of number on file kept for a line at a place (app.borrower_phones.KINDS): a landline,
# unless the library knows the number for a mobile (a work mobile).
LANDLINE_KINDS = ("home", "work")


def takes_no_sms(e164: str, kind: str | None = None) -> bool:
    """Whether an SMS cannot reach the number: a landline alone by the library (`is_landline`,
    whatever kind it was filed as), or a number on file whose `kind` is a home or work line that
    the library does not know for a mobile (a US number, either, is told by its kind)."""
    if is_landline(e164):
        return True
    if kind not in LANDLINE_KINDS:
        return False
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return True
    return phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE


def _parsed(raw: str, region: str) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError("Not a phone number: {value}", value=raw) from None


def borrower_zone(value: Any) -> str:
    """A borrower's time zone as the import's `timezone` column writes it: an IANA Area/City
    name (America/Los_Angeles), in any case; an older alias (US/Pacific) is taken as its place's
    zone. "" for an empty cell (the borrower keeps the default); an unknown name is refused."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    zone = _zones_by_lower().get(text.lower()) or same_place(text)
    if zone is None:
        raise ValidationError(
            "Unknown time zone {tz}: write the borrower's Area/City zone, such as "
            "America/Los_Angeles or Europe/London.",
            tz=text,
        )
    return zone


@functools.cache
def _zones_by_lower() -> dict[str, str]:
    return {z.lower(): z for z in office_zones()}
