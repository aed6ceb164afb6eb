"""The booking's fields, shared by the visit dialog and the reschedule dialog: the team, the
start on the office's clock (with the borrower's own time beneath when theirs differs, and the
first or second reading in the hour that comes twice), the length and the borrower's consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox

from app.i18n import tr as _
from app.visits.booking import MAX_MINUTES, MIN_MINUTES
from ui.colours import set_role
from ui.dialogs.checked import CheckedDialog
from ui.dialogs.visit_place import ENTER, borrower_time_text
from ui.dialogs.visit_quiet import QuietAgreementBox
from ui.dialogs.visit_repeated import RepeatedHourChoice
from ui.widgets import row, zoned_edit


class BookingForm(CheckedDialog):
    """The booking's fields beside the live verdict: the team, the start and length, and what
    the borrower said. Booking a visit and rescheduling one (ui/dialogs/visit_reschedule.py)."""

    zone: ZoneInfo
    borrower_zone: ZoneInfo | None = None  # where the borrower's quiet hours are read
    team: list[tuple[str, str]]  # (user name, display name) offered for the team
    # Agents the rule set in force needs (app.visits.team_check.agents_needed): with 1 (a US or
    # UK office) the second agent may be "(none)", as `casedesk visit book --agents` takes one.
    team_needed: int = 2

    def _agent_combo(self, optional: bool) -> QComboBox:
        box = QComboBox()
        if optional:
            box.addItem(_("(none)"), None)
        for username, name in self.team:
            box.addItem(_("{name} ({username})", name=name, username=username), username)
        return box

    def booking_form(self, proposed: Sequence[str] = (), borrower: str = "") -> QFormLayout:
        """The fields, offering the `proposed` team (else you leading), tomorrow at 10:00 for an
        hour and nothing stated by the borrower (`borrower`: who would agree to an early or late
        time); each change re-checks the verdict."""
        alone = self.team_needed < 2  # a visit by one agent is allowed: no partner asked
        self.lead = self._agent_combo(False)
        self.partner = self._agent_combo(alone)
        self.third = self._agent_combo(True)
        mine = self.lead.findData(self.user.username)
        self.lead.setCurrentIndex(max(mine, 0))
        if not alone:
            self.partner.setCurrentIndex(1 if self.lead.currentIndex() == 0 else 0)
        offered = {username for username, _name in self.team}
        if (1 if alone else 2) <= len(proposed) <= 3 and offered.issuperset(proposed):
            self.set_agents(*proposed)
        self.start = zoned_edit(self.zone.key)
        self.repeated_hour = RepeatedHourChoice(self.start, self.zone)
        tomorrow = dt.datetime.now(self.zone).date() + dt.timedelta(days=1)
        self.set_start(dt.datetime.combine(tomorrow, dt.time(10), self.zone))
        zone = QLabel(_("office time ({zone})", zone=self.zone.key))
        set_role(zone, "muted")
        self.borrower_time = QLabel()
        self.borrower_time.setObjectName("borrower_time")
        # Wrapped: "… the borrower's local time (America/Los_Angeles), in which quiet hours are
        # judged" on one line made the dialog wider than a 1024-px screen.
        self.borrower_time.setWordWrap(True)
        set_role(self.borrower_time, "muted")
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" " + _("min."))
        # Both unticked until someone states them, as `casedesk visit book` takes them: the
        # consent rule flags a booking without them.
        self.agreed = QCheckBox(_("The borrower agreed this time"))
        self.enter = QCheckBox(_(ENTER[False]))
        self.at_work = QCheckBox(_("The visit is at the borrower's place of work"))
        self.quiet = QuietAgreementBox(self.zone, borrower)
        form = QFormLayout()
        form.addRow(_("Lead agent:"), self.lead)
        form.addRow(_("Second agent:"), self.partner)
        form.addRow(_("Third agent:"), self.third)
        form.addRow(_("Start:"), row(self.start, (zone, 1)))
        form.addRow("", self.borrower_time)
        self.repeated_hour.add_to(form)
        form.addRow(_("Length:"), self.minutes)
        form.addRow("", self.agreed)
        form.addRow("", self.enter)
        form.addRow("", self.at_work)
        form.addRow("", self.quiet)
        for signal in (
            self.lead.currentIndexChanged,
            self.partner.currentIndexChanged,
            self.third.currentIndexChanged,
            self.start.dateTimeChanged,
            self.minutes.valueChanged,
            self.at_work.toggled,
            self.agreed.toggled,
            self.enter.toggled,
            self.quiet.changed,
            self.repeated_hour.changed,
        ):
            signal.connect(self.schedule_check)
        self.at_work.toggled.connect(self.place_words)
        self.start.dateTimeChanged.connect(lambda: self.show_borrower_time(form))
        self.repeated_hour.changed.connect(lambda: self.show_borrower_time(form))
        self.show_borrower_time(form)
        return form

    def place_words(self) -> None:
        """The consent to enter names the place the visit is booked at."""
        self.enter.setText(_(ENTER[self.at_work.isChecked()]))

    def show_borrower_time(self, form: QFormLayout) -> None:
        """The start on the borrower's clock, beneath it, when theirs differs from the office's
        (none for a start the office's clocks skip: it is no time on anyone's clock)."""
        skipped = self.repeated_hour.skipped is not None
        text = "" if skipped else borrower_time_text(self.start_time(), self.borrower_zone)
        self.borrower_time.setText(text)
        form.setRowVisible(self.borrower_time, bool(text))

    def set_start(self, local: dt.datetime) -> None:
        """Show the aware `local` on the office's clock; in the hour that comes twice, with the
        reading it is (the first or the second) chosen."""
        self.repeated_hour.set_time(local)

    def start_time(self) -> dt.datetime:
        """The start as chosen: the field's wall time, the second reading when it comes twice
        and the second is chosen (a time the clocks skip as typed: the core refuses it, and the
        note under the field says why)."""
        return self.repeated_hour.time()

    def agents(self) -> list[str]:
        chosen = [self.lead.currentData(), self.partner.currentData(), self.third.currentData()]
        return [a for a in chosen if a]

    def set_agents(self, *usernames: str) -> None:
        boxes = (self.lead, self.partner, self.third)
        for box, name in zip(boxes, usernames, strict=False):
            box.setCurrentIndex(box.findData(name))
        for box in boxes[len(usernames) :]:
            if box.count() and box.itemData(0) is None:  # "(none)" where one may be left out
                box.setCurrentIndex(0)

    def fields(self) -> dict[str, object]:
        return {
            "agents": self.agents(),
            "start": self.start_time(),
            "minutes": self.minutes.value(),
            "at_workplace": self.at_work.isChecked(),
            "borrower_agreed": self.agreed.isChecked(),
            "consent_to_enter": self.enter.isChecked(),
            "quiet_agreement": self.quiet.agreement(),
        }
