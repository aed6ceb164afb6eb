"""A new borrower's mobile that is someone else's too: on file for another borrower (or a person
related to one), or the mobile of another borrower on an earlier row of the same file.

As with a number typed on the borrower's page (app.phone_shared), it would send the calls about
one debt to someone else, so the row is a problem and, like every problem of an import, nothing
is imported while it stands. The admin (only an admin imports) who has checked that the
borrowers share the number (a household line, spouses who both borrow) imports it with
`shared_reason`: the row is then imported, the check lists it, and each such number is audited as
`phone.add` with whom it is shared and why, as add_phone audits one. The other borrower is named
by borrower number and masked ID number, as the import names an ID number already on file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.audit_seal import personal
from app.auth import Permission, require
from app.country_data import office_country
from app.errors import ValidationError
from app.i18n import Words, tr
from app.id_labels import id_label
from app.importer.report import _by_row
from app.models import Borrower, Phone, RelatedPerson, User
from app.privacy import mask_id, mask_phone
from app.reasons import short_reason


@dataclass(frozen=True)
class Other:
    """Whom else a number belongs to: a borrower in Casedesk or on an earlier row."""

    borrower_no: str
    national_id: str
    person: str = ""  # a person related to that borrower, by name; '' for the borrower
    row: int = 0  # the earlier row of the file; 0 when on file in Casedesk
    country: str = "CN"  # the office's, which names the ID number (app.id_labels)


@dataclass(frozen=True)
class Shared:
    """A number a new borrower shares, recorded as shared on importing."""

    row: int
    borrower_no: str
    number: str  # E.164
    other: Other


def check_reason(actor: User, reason: str) -> str:
    """The reason for recording shared numbers, stripped; refused from anyone who may not."""
    text = (reason or "").strip()
    if not text:
        return ""
    require(actor, Permission.EDIT_BORROWERS)
    too_short = short_reason(text)
    if too_short is not None:
        raise too_short
    return text


def who(other: Other) -> str:
    """The other holder as the check names them: borrower number, masked ID, the related person."""
    masked = mask_id(other.national_id) if other.national_id else ""
    if masked and other.country != "CN":  # a US or UK office's: its SSN or NI number, by name
        label = Words(id_label(other.country))
        if other.person:
            return tr(
                "{person}, a person related to borrower {number} ({id_number} {id})",
                person=other.person,
                number=other.borrower_no,
                id_number=label,
                id=masked,
            )
        return tr(
            "borrower {number} ({id_number} {id})",
            number=other.borrower_no,
            id_number=label,
            id=masked,
        )
    if other.person:
        if masked:
            return tr(
                "{person}, a person related to borrower {number} (ID {id})",
                person=other.person,
                number=other.borrower_no,
                id=masked,
            )
        return tr(
            "{person}, a person related to borrower {number}",
            person=other.person,
            number=other.borrower_no,
        )
    if masked:
        return tr("borrower {number} (ID {id})", number=other.borrower_no, id=masked)
    return tr("borrower {number}", number=other.borrower_no)


class Holders:
    """Every number on file for a borrower or a related person, and each new row's mobiles."""

    def __init__(self, session: Session) -> None:
        self.country = office_country(session)
        self.on_file: dict[str, Other] = {}
        for number, no, nid in session.execute(
            select(Phone.number, Borrower.borrower_no, Borrower.national_id)
            .join(Borrower, Borrower.id == Phone.borrower_id)
            .order_by(Phone.id)
        ):
            self.on_file.setdefault(number, Other(no, nid or "", country=self.country))
        for number, no, nid, name in session.execute(
            select(
                RelatedPerson.phone, Borrower.borrower_no, Borrower.national_id, RelatedPerson.name
            )
            .join(Borrower, Borrower.id == RelatedPerson.borrower_id)
            .where(RelatedPerson.phone.is_not(None), RelatedPerson.phone != "")
            .order_by(RelatedPerson.id)
        ):
            self.on_file.setdefault(number, Other(no, nid or "", name or "", country=self.country))
        self.in_file: dict[str, Other] = {}

    def others(
        self, line: int, borrower_no: str, national_id: str, numbers: list[str]
    ) -> list[tuple[str, Other]]:
        """The new borrower's `numbers` someone else holds, each with whom; the numbers are
        remembered for the rows below."""
        found = []
        for number in numbers:
            other = self.on_file.get(number) or self.in_file.get(number)
            if other is not None and other.borrower_no != borrower_no:
                found.append((number, other))
            self.in_file.setdefault(
                number, Other(borrower_no, national_id, row=line, country=self.country)
            )
        return found


def problem(number: str, other: Other, kind: str = "mobile") -> ValidationError:
    """The row's problem when no reason was given; a landline (filed as a home number, as a US or
    UK office's may be) is called a number, not a mobile."""
    mobile = kind == "mobile"
    if other.row:
        return ValidationError(
            "Mobile {number} is also on row {row}, for {other}. If the borrowers share it (a "
            "household line), an admin can import it recorded as shared, with the reason."
            if mobile
            else "Number {number} is also on row {row}, for {other}. If the borrowers share it (a "
            "household line), an admin can import it recorded as shared, with the reason.",
            number=mask_phone(number),
            row=other.row,
            other=who(other),
        )
    return ValidationError(
        "Mobile {number} is already on file for {other}. If the borrowers share it (a household "
        "line), an admin can import it recorded as shared, with the reason."
        if mobile
        else "Number {number} is already on file for {other}. If the borrowers share it (a "
        "household line), an admin can import it recorded as shared, with the reason.",
        number=mask_phone(number),
        other=who(other),
    )


def listed_text(shared: list[Shared], *, imported: bool) -> str:
    """What the check says of the numbers recorded as shared, row by row, or ''."""
    if not shared:
        return ""
    rows = [
        tr(
            "row {row}: {number} of borrower {borrower}, also {other}",
            row=s.row,
            number=mask_phone(s.number),
            borrower=s.borrower_no,
            other=(
                tr("on row {row} for {who}", row=s.other.row, who=who(s.other))
                if s.other.row
                else tr("on file for {who}", who=who(s.other))
            ),
        )
        for s in shared
    ]
    if imported:
        return tr("Recorded as shared, with the reason given: {rows}.", rows=_by_row(rows))
    return tr(
        "Numbers someone else holds too, to be recorded as shared with the reason given: {rows}.",
        rows=_by_row(rows),
    )


def audit_shared(
    session: Session, actor: User, shared: list[Shared], ids: dict[str, int], reason: str
) -> None:
    """One `phone.add` entry per number recorded as shared, as add_phone writes one."""
    for s in shared:
        bid = ids[s.borrower_no]
        phone = session.scalar(
            select(Phone).where(Phone.borrower_id == bid, Phone.number == s.number)
        )
        changes: dict[str, Any] = {
            "phone": personal(session, bid, mask_phone(s.number)),
            "kind": phone.kind if phone is not None else "mobile",  # a landline: home
            "primary": bool(phone.is_primary) if phone is not None else False,
            "shared_with": s.other.borrower_no,
            "shared": personal(session, bid, reason),
        }
        audit.record(session, actor, "phone.add", "borrower", s.borrower_no, changes)
