"""The office's own details that its papers print — the address and phone on an agreement, the
field-safety contact on a visit sheet — and which of them a new office still lacks: neither the
set-up wizard nor `casedesk init` asks for them, so a new office's first steps do (app.first_steps).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Setting
from app.office import get_office

# Settings › Office's fields and `casedesk settings set office.KEY=…`'s keys, in the dialog's order.
PRINTED = ("address", "phone", "safety_contact")
PRINTED_NAMES = {
    "address": "the address",
    "phone": "the phone",
    "safety_contact": "the safety contact for field visits",
}


def safety_contact(session: Session) -> str:
    """Whom a visiting team calls when a visit goes wrong, as the visit sheet prints it."""
    office = get_office(session)
    if office is not None and office.safety_contact.strip():
        return office.safety_contact
    # Demo offices built before 2026-12-02 kept it in a setting the Settings dialog does not show.
    row = session.get(Setting, "office.safety_contact")
    return str(row.value) if row is not None and row.value else ""


def missing_details(session: Session) -> list[str]:
    """The keys of PRINTED the office has left blank, in PRINTED's order."""
    office = get_office(session)
    held = {
        "address": office.address if office else "",
        "phone": office.phone if office else "",
        "safety_contact": safety_contact(session),
    }
    return [key for key in PRINTED if not held[key].strip()]
