"""How a borrower's number is described where numbers are listed (the case page's Phones, the
borrower pane's Kind column): a landline says so, as the contact dialog's number list does, since
no SMS reaches it."""

from __future__ import annotations

from app.i18n import tr as _
from app.queries.borrowers import PhoneInfo
from ui import labels


def phone_kind(phone: PhoneInfo) -> str:
    """The number's kind, "Home · landline" for one no SMS reaches (the borrower pane's column)."""
    kind = labels.label(labels.KIND, phone.kind)
    return f"{kind} · {_('landline')}" if phone.landline else kind


def phone_line(phone: PhoneInfo) -> str:
    """The masked number with what to know before calling or texting it (the case page's list):
    a landline, a kind other than mobile, a number a contact found invalid."""
    marks = []
    if phone.landline:
        marks.append(_("landline"))
    elif phone.kind != "mobile":
        marks.append(labels.label(labels.KIND, phone.kind))
    if not phone.valid:
        marks.append(_("invalid"))
    return " · ".join([phone.number, *marks])
