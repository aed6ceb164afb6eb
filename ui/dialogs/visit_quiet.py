"""The booking form's record of the borrower's agreement to the visit's early or late time (quiet
hours): a box to tick, then who agreed, when and how. For this visit's time only, kept with the
booking (app/visits/quiet_consent.py); the live verdict judges the time as agreed once ticked."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.i18n import tr as _
from app.visits.quiet_consent import MAX_HOW, MAX_WHO, QuietAgreement
from ui.dialogs.visit_repeated import RepeatedHourChoice
from ui.widgets import zoned_edit


class QuietAgreementBox(QWidget):
    """ "The borrower agreed to this early or late time", with who, when and how once ticked."""

    changed = Signal()

    def __init__(self, zone: ZoneInfo, borrower: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.borrower = borrower
        self.box = QCheckBox(_("The borrower agreed to this early or late time"))
        self.box.setToolTip(
            _(
                "Quiet hours: a visit at this time needs the borrower's agreement to it. It is "
                "kept for this visit's time only, not as consent to contact in quiet hours."
            )
        )
        self.who = QLineEdit(borrower)
        self.who.setMaxLength(MAX_WHO)
        self.who.setPlaceholderText(_("Who agreed (e.g. the borrower)"))
        self.when = zoned_edit(zone.key)
        # In the hour that comes twice, which reading; at a time the clocks skip, that it is none.
        self.when_clock = RepeatedHourChoice(self.when, zone)
        self.when_clock.set_time(dt.datetime.now(zone))
        self.how = QLineEdit()
        self.how.setMaxLength(MAX_HOW)
        self.how.setPlaceholderText(
            _("How they agreed (e.g. by phone, asked for a visit before work)")
        )
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(_("Agreed by:"), self.who)
        form.addRow(_("Agreed on:"), self.when)
        self.when_clock.add_to(form)
        form.addRow(_("How:"), self.how)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.details)
        self.details.setVisible(False)
        self.box.toggled.connect(self.details.setVisible)
        for signal in (
            self.box.toggled,
            self.who.textChanged,
            self.when.dateTimeChanged,
            self.how.textChanged,
            self.when_clock.changed,
        ):
            signal.connect(self.changed)

    def agreement(self) -> QuietAgreement | None:
        """The agreement as the form states it (the core checks it), or None when unticked."""
        if not self.box.isChecked():
            return None
        return QuietAgreement(self.who.text(), self.when_clock.time(), self.how.text())

    def set_agreement(self, agreed: QuietAgreement | None) -> None:
        """Show a recorded agreement (ticked), or none (unticked, the fields as they were)."""
        if agreed is not None:
            self.who.setText(agreed.who)
            self.when_clock.set_time(agreed.at)
            self.how.setText(agreed.how)
        self.box.setChecked(agreed is not None)
