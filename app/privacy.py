"""Personal data: Chinese resident ID validation, keyed hashes for search, masking for display."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

import phonenumbers
from sqlalchemy.orm import Session
from stdnum.cn import ric

from app.addresses import full_address
from app.errors import ValidationError
from app.masking import mask_address, mask_id, mask_phone, mask_postcode  # noqa: F401 - re-exported
from app.models import Borrower, Setting, User
from app.reasons import short_reason

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


def id_hasher(key: bytes) -> Callable[[str], str]:
    """`id_hash` with the key set once, for hashing many numbers (the demo's 100,000)."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def hashed(national_id: str) -> str:
        mac = keyed.copy()  # copying the keyed state skips the key setup of hmac.new
        mac.update(national_id.strip().upper().encode("ascii"))
        return mac.hexdigest()

    return hashed


REVEALABLE = ("national_id", "phones", "addresses")


def reveal(session: Session, actor: User, borrower_id: int, what: str, reason: str) -> list[str]:
    """Show one borrower's personal data in full, for a written reason; every reveal is audited.

    `what` is "national_id", "phones" or "addresses" (each written whole: line, city, province
    and postcode in the office's order, app/addresses.py); returns the unmasked values.
    """
    borrower = _revealed(session, actor, borrower_id, what, reason)
    if what == "national_id":
        return [borrower.national_id]
    if what == "phones":
        return [p.number for p in borrower.phones]
    from app.country_data import office_country

    country = office_country(session)
    return [
        full_address(a.line, a.city, a.province, a.postcode, country) for a in borrower.addresses
    ]


def reveal_addresses(
    session: Session, actor: User, borrower_id: int, reason: str
) -> list[tuple[str, str]]:
    """`reveal` of the addresses as (line, postcode) pairs, for a table that shows them apart."""
    borrower = _revealed(session, actor, borrower_id, "addresses", reason)
    return [(a.line, a.postcode) for a in borrower.addresses]


def _revealed(session: Session, actor: User, borrower_id: int, what: str, reason: str) -> Borrower:
    """The borrower once `actor` may reveal `what` of theirs for `reason`, the reveal audited."""
    from app import audit
    from app.audit_seal import personal
    from app.auth import Permission, require
    from app.errors import NotFound

    require(actor, Permission.REVEAL_PERSONAL_DATA)
    if what not in REVEALABLE:
        raise ValidationError(
            "Unknown personal data {what}; choose one of: {choices}.",
            what=what,
            choices=list(REVEALABLE),
        )
    refusal = short_reason(reason)
    if refusal is not None:
        raise refusal
    reason = reason.strip()
    borrower = session.get(Borrower, borrower_id)
    if borrower is None:
        raise NotFound("No borrower with id {id}.", id=borrower_id)
    audit.record(
        session,
        actor,
        "personal_data.reveal",
        "borrower",
        borrower.borrower_no,
        {"what": what, "reason": personal(session, borrower.id, reason)},
    )
    return borrower
