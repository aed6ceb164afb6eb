"""Display names for the core's enum values and flags, as translatable msgids."""

from __future__ import annotations

import datetime as dt

from app.i18n import tr as _
from app.labels import (  # noqa: F401 - re-exported for the pages
    KIND,
    LOAN_STATUS,
    METHOD_TITLE,
    RELATION,
    ROLE,
    SCHEDULE_TYPE,
    SEGMENT,
    STOP_FLAG,
    label,
)
from app.money import fmt


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def money(minor: int | None) -> str:
    return "" if minor is None else fmt(minor)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
