"""The office's own details that its papers print — the address and phone on an agreement, the
field-safety contact on a visit sheet — and which of them a new office still lacks: neither the
set-up wizard nor `casedesk init` asks for them, so a new office's first steps do (app.first_steps).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.i18n import listed, sentences, tr
from app.models import Setting, User
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


# Which of the details each paper prints: where the office's staff meet that paper (the Visits
# page and `casedesk visit …`, the Agreements page and `casedesk agreement print`), only its own
# blanks are named. The first steps say them all, but only until the first loan is imported.
PAPERS = {"visits": ("safety_contact",), "agreements": ("address", "phone")}


def missing_notice(session: Session, user: User, paper: str) -> str:
    """What the office's `paper` lacks, what that paper prints instead and who fills it in where,
    in the user's language; '' once filled. Printing is never refused for it."""
    missing = [key for key in missing_details(session) if key in PAPERS[paper]]
    if not missing:
        return ""
    said = tr(
        "Not on file for the office: {missing}.",
        missing=listed([tr(PRINTED_NAMES[key]) for key in missing]),
    )
    if paper == "visits":
        effect = tr("The visit sheets print no one for a team to call when a visit goes wrong.")
    else:
        effect = tr("The agreements print a line there, to be filled in by hand.")
    if can(user, Permission.EDIT_SETTINGS):
        fix = tr(
            "Fill it in: Settings… › Office, or casedesk settings set {pairs}.",
            pairs=" ".join(f'office.{key}="…"' for key in missing),
        )
    else:
        fix = tr("A supervisor or admin fills it in: Settings… › Office.")
    return sentences([said, effect, fix])
