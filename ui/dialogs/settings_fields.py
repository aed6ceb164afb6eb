"""The Settings dialog's field tables and small editors: which office settings appear on which
tab, their labels (msgids) and units, and a form that shows an inline error under any row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app import settings
from app.i18n import tr as _
from app.money import from_minor, to_minor
from app.office_settings import MAX_WEIGHT, MAXIMUM, WEIGHT_PREFIX
from ui.widgets import ERROR_STYLE

SETTING_LABELS = {
    "priority.weight.amount_overdue": "Amount overdue",
    "priority.weight.dpd": "Days past due",
    "priority.weight.broken_promises": "Broken promises",
    "priority.weight.days_since_contact": "Days since last contact",
    "priority.weight.promise_due": "Promise due",
    "priority.weight.visit_eligible": "Home visit possible",
    "visit.checkout_grace_minutes": "Check-out grace (minutes)",
    "visit.approval_required": "Every booking needs a supervisor's approval",
    "visit.default_travel_cost": "Default travel cost",
    "agreement.waiver_approval_threshold": "A waiver above this needs a supervisor",
    "agreement.settlement_due_days": "A settlement falls due after (days)",
    "visit.default_hours_minutes": "Default time spent (minutes)",
    "visit.travel_buffer_minutes": "Travel time between visits (minutes)",
    "visit.max_per_borrower": "Visits per borrower in the period",
    "visit.period_days": "Period for that limit (days)",
    "backup.keep_daily": "Daily backups kept",
    "backup.keep_weekly": "Weekly backups kept",
    "backup.keep_monthly": "Monthly backups kept",
    "security.idle_lock_minutes": "Lock after idle minutes (0 = never)",
    "security.max_failed_logins": "Wrong passwords before an account locks",
    "security.lockout_minutes": "Minutes an account stays locked",
}
MONEY_KEYS = settings.MONEY_KEYS
SWITCH_KEYS = {"visit.approval_required"}
JURISDICTION_NAMES = (
    ("cn", "China (CBA 2026 guideline)"),
    ("us", "United States (FDCPA, Regulation F)"),
    ("uk", "United Kingdom (FCA CONC)"),
)
SCHEDULE_NAMES = (("daily", "Every day"), ("off", "Off"))


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of each language; "" is the system's. Chinese is named in Chinese always."""
    return [("", _("System default")), ("en", _("English")), ("zh_CN", "简体中文")]


def keys(prefix: str) -> list[str]:
    """The office settings under `prefix` that exist now, in declaration order."""
    return [k for k in settings.DEFAULTS if k.startswith(prefix)]


def setting_label(key: str) -> str:
    return _(SETTING_LABELS[key]) if key in SETTING_LABELS else key


def editor(key: str) -> QWidget:
    """A spin box, money box or check box for a numeric setting."""
    if key in SWITCH_KEYS:
        return QCheckBox()
    if key in MONEY_KEYS:
        box = QDoubleSpinBox()
        box.setDecimals(2)
        box.setRange(0, 1_000_000)
        box.setGroupSeparatorShown(True)
        return box
    spin = QSpinBox()
    top = MAX_WEIGHT if key.startswith(WEIGHT_PREFIX) else MAXIMUM.get(key, 1_000_000_000)
    spin.setRange(0, top)
    spin.setGroupSeparatorShown(True)
    return spin


def set_value(widget: QWidget, key: str, value: Any) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(from_minor(int(value or 0))))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))


def get_value(widget: QWidget, key: str) -> Any:
    if isinstance(widget, QCheckBox):
        return 1 if widget.isChecked() else 0
    if isinstance(widget, QDoubleSpinBox):
        return to_minor(Decimal(str(round(widget.value(), 2))))
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(key)


class ErrorForm(QFormLayout):
    """A form whose rows each have an inline error label underneath, keyed by field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(field)
        self.addRow(label, widget)
        error = QLabel()
        error.setObjectName(f"error:{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.addRow("", error)
        self.errors[field] = error
        return widget

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: #5f6b7a;")
        self.addRow(label)
        return label
