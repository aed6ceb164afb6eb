"""The Settings dialog's field tables and small editors: which office settings appear on which
tab, their labels (msgids, app.settings.SETTING_LABELS: the audit trail names a setting with
them too) and bounds (app.office_settings.bounds), and a form that shows an inline error under
any row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app import settings
from app.audit_labels import PAPER_NAMES
from app.i18n import tr as _
from app.id_labels import jurisdiction_country
from app.money import from_minor, to_minor
from app.office_settings import DATE_KEYS, bounds
from app.paper import country_paper
from app.settings import SETTING_LABELS
from ui.colours import set_role
from ui.date_widgets import optional_date_edit, optional_day, set_optional_day
from ui.widgets import ERROR_ROLE

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


def paper_box(jurisdiction: str) -> QComboBox:
    """The paper every PDF is laid out on: the rule set's country's (stored as None), or A4 or
    US Letter whatever the country."""
    box = QComboBox()
    box.addItem("", None)
    for paper, name in PAPER_NAMES.items():
        box.addItem(_(name), paper)
    country_paper_said(box, jurisdiction)
    return box


def country_paper_said(box: QComboBox, jurisdiction: str) -> None:
    """Name the country's paper in the first choice (again when the rule set is switched)."""
    paper = country_paper(jurisdiction_country(jurisdiction))
    box.setItemText(0, _("As the rule set's country: {paper}", paper=_(PAPER_NAMES[paper])))


def keys(prefix: str) -> list[str]:
    """The office settings under `prefix` that exist now, in declaration order."""
    return [k for k in settings.DEFAULTS if k.startswith(prefix)]


def setting_label(key: str) -> str:
    return _(SETTING_LABELS[key]) if key in SETTING_LABELS else key


def editor(key: str) -> QWidget:
    """A spin box, money box or check box for a numeric setting; a date field for a date, its
    empty value (None) shown as "Today"."""
    if key in SWITCH_KEYS:
        return QCheckBox()
    if key in DATE_KEYS:
        edit = optional_date_edit()
        edit.setSpecialValueText(_("Today"))
        return edit
    low, top = bounds(key)  # the core's own: a value the box allows is one the core takes
    if key in MONEY_KEYS:
        box = QDoubleSpinBox()
        box.setDecimals(2)
        box.setRange(float(from_minor(low)), float(from_minor(top or 100_000_000)))
        box.setGroupSeparatorShown(True)
        return box
    spin = QSpinBox()
    spin.setRange(low, top if top is not None else 1_000_000_000)
    spin.setGroupSeparatorShown(True)
    return spin


def set_value(widget: QWidget, key: str, value: Any) -> None:
    if isinstance(widget, QComboBox):  # a choice: its stored code (None: the first choice)
        widget.setCurrentIndex(max(widget.findData(value), 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QDateEdit):
        try:
            set_optional_day(widget, dt.date.fromisoformat(value) if value else None)
        except ValueError:  # stored before dates were checked: the core reads it as today
            set_optional_day(widget, None)
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(from_minor(int(value or 0))))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))


def get_value(widget: QWidget, key: str) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return 1 if widget.isChecked() else 0
    if isinstance(widget, QDateEdit):
        day = optional_day(widget)
        return day.isoformat() if day is not None else None
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
        set_role(error, ERROR_ROLE)
        error.setWordWrap(True)
        error.hide()
        self.addRow("", error)
        self.errors[field] = error
        return widget

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        set_role(label, "muted_blue")
        self.addRow(label)
        return label


def choices_box(
    items: list[tuple[str, str]] | tuple[tuple[str, str], ...], translate: bool
) -> QComboBox:
    """A drop-down of (value, words) choices, the words translated when `translate`."""
    combo = QComboBox()
    for value, text in items:
        combo.addItem(_(text) if translate else text, value)
    return combo
