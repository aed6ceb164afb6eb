"""Where a letter logged in the contact dialog goes: the borrower's addresses on file, masked as
on the borrower page (a letter has no phone number; QA found the number greyed out instead)."""

from __future__ import annotations

from app.i18n import tr as _
from app.labels import KIND, label
from app.models import Party
from app.queries.contact_targets import AddressTarget, ContactTargets


def address_text(address: AddressTarget) -> str:
    """One address: its kind, the masked line, the city and whether it was verified."""
    parts = [label(KIND, address.kind), address.masked, *([address.city] if address.city else [])]
    verified = address.verified_on
    parts.append(
        _("verified on {day}", day=verified.isoformat()) if verified else _("not verified")
    )
    return " · ".join(parts)


def letter_addresses(targets: ContactTargets, party: Party) -> str:
    """The addresses a letter to `party` can go to, one a line, the home one first; none is kept
    for a related person."""
    if party is not Party.BORROWER or not targets.addresses:
        return _("No address on file")
    return "\n".join(address_text(a) for a in targets.addresses)
