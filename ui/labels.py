"""Display names for the core's enum values and flags, as translatable msgids."""

from __future__ import annotations

import datetime as dt

from app.i18n import tr as _
from app.money import fmt

LOAN_STATUS = {
    "active": "Active",
    "paid": "Paid",
    "settled": "Settled",
    "written_off": "Written off",
    "legal": "Legal",
}
SEGMENT = {
    "young": "Young consumer",
    "mature": "Middle-aged / elderly",
    "small_business": "Small-business owner",
}
RELATION = {
    "guarantor": "Guarantor", "spouse": "Spouse", "parent": "Parent", "child": "Child",
    "sibling": "Sibling", "relative": "Relative", "employer": "Employer",
    "colleague": "Colleague", "friend": "Friend", "other": "Other",
}
KIND = {
    "mobile": "Mobile", "home": "Home", "work": "Work", "registered": "Registered",
}
SCHEDULE_TYPE = {
    "equal_instalment": "Equal instalments",
    "equal_principal": "Equal principal",
    "interest_only": "Interest only, then bullet",
}
METHOD = {"transfer": "Transfer", "cash": "Cash", "card": "Card", "wechat": "WeChat Pay",
          "alipay": "Alipay"}
STOP_FLAG = {
    "contact_refused": "Contact refused",
    "has_lawyer": "Has a lawyer",
    "do_not_visit": "Do not visit",
    "do_not_call_at_work": "Do not call at work",
    "e_opt_out": "Opted out of e-mail/SMS",
    "vulnerable": "Vulnerable",
    "quiet_hours_consent": "Agreed to contact in quiet hours",
}
ROLE = {"agent": "Agent", "supervisor": "Supervisor", "admin": "Administrator"}


def label(table: dict[str, str], value: str) -> str:
    """The translated label for an enum value; the raw value when it has none."""
    msgid = table.get(value)
    return _(msgid) if msgid else value


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def money(minor: int | None) -> str:
    return "" if minor is None else fmt(minor)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
