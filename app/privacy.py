"""Personal data: Chinese resident ID validation, keyed hashes for search, masking for display."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import phonenumbers
from sqlalchemy.orm import Session
from stdnum.cn import ric

from app.errors import ValidationError
from app.models import Setting

_HASH_KEY_SETTING = "privacy.id_hash_key"


def normalise_resident_id(text: str) -> str:
    """Validate a resident ID number (GB 11643 checksum) and return its compact upper form."""
    try:
        return str(ric.validate(text))
    except Exception:
        raise ValidationError("Invalid resident ID number: {value}", value=mask_id(text)) from None


def normalise_mobile(text: str, region: str = "CN") -> str:
    """A mobile number in E.164 (+8613812345678), or a clear error."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValidationError("Not a phone number: {value}", value=text) from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError("Not a mobile number: {value}", value=text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def hash_key(session: Session) -> bytes:
    """The office's secret for ID-number hashes, made on first use (kept in the encrypted DB)."""
    setting = session.get(Setting, _HASH_KEY_SETTING)
    if setting is None:
        setting = Setting(key=_HASH_KEY_SETTING, value=secrets.token_hex(32))
        session.add(setting)
        session.flush()
    return bytes.fromhex(setting.value)


def existing_hash_key(session: Session) -> bytes | None:
    """The office's ID-hash secret if one was ever made; never writes (for read-only queries)."""
    setting = session.get(Setting, _HASH_KEY_SETTING)
    return None if setting is None else bytes.fromhex(setting.value)


def id_hash(key: bytes, national_id: str) -> str:
    return hmac.new(key, national_id.strip().upper().encode("ascii"), hashlib.sha256).hexdigest()


def mask_id(national_id: str) -> str:
    """First 6 and last 4 characters: 110101********1234."""
    text = national_id.strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_phone(number: str) -> str:
    """+86 138****5678 — keeps the prefix and the last four digits."""
    digits = number.strip()
    if digits.startswith("+86") and len(digits) == 14:
        return f"+86 {digits[3:6]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) <= 7:
        return "****" + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(line: str) -> str:
    """Keep the first six characters (province/city), hide the street and number."""
    line = line.strip()
    return line[:6] + "…" if len(line) > 6 else line
