"""The Reports page's named periods, date fields and what each report holds."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from app.i18n import tr as _
from app.reporting.generated import COMPLIANCE, PORTFOLIO, ROSTER, VISIT_SHEET
from ui.widgets import qdate

CUSTOM = "custom"
PERIODS = (
    ("last_month", "Last month"),
    ("this_month", "This month so far"),
    ("last_30_days", "The last 30 days"),
    ("this_year", "This year so far"),
    (CUSTOM, "Other dates"),
)


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a named period ending on or before `today`; None for custom."""
    first_of_month = today.replace(day=1)
    if preset == "last_month":
        end = first_of_month - dt.timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_month":
        return first_of_month, today
    if preset == "last_30_days":
        return today - dt.timedelta(days=29), today
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    return None


def set_quietly(edit: QDateEdit, day: dt.date) -> None:
    """Set a date without telling the slots that follow the user's edits."""
    edit.blockSignals(True)
    edit.setDate(qdate(day))
    edit.blockSignals(False)


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def report_help(kind: str) -> str:
    """The line under the report's name: what the report holds."""
    return {
        COMPLIANCE: _(
            "Contacts by channel and hour, daily caps, blocked attempts, warnings and "
            "overrides, third-party contacts, visits, training, complaints and the "
            "rule-set versions in force, for the office-local days From to To."
        ),
        PORTFOLIO: _(
            "Aging as of a date; roll rates month to month, recovery rate, promises "
            "kept, agreements, visit cost per amount recovered, by agent and product."
        ),
        ROSTER: _("Each agent's courses, scores and expiry dates as of a date."),
        VISIT_SHEET: _(
            "Each visit booked for the day: when, the borrower, address and phone, the "
            "partner agent, consent to enter, and the office's safety contact; every "
            "agent's sheet starts on a new page. Each print is on the audit trail."
        ),
    }[kind]
