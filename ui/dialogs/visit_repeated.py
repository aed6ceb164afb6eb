"""What a date-and-time field on the office's clock cannot say alone on the nights the clocks
change, shown beneath it: in the hour that comes twice (01:30 in New York on 2026-11-01, first on
EDT, then an hour later on EST) which reading it is, with the second to choose (the field alone
always takes the first); at a time the clocks skip (02:30 on 2026-03-08) that it does not exist,
in the core's words (app.wall_clock.skipped_time), rather than another time put in its place.
Used by the visit's start and by the borrower's agreement to an early or late time (the office's
clock), and by a contact's time (the borrower's clock, ui/dialogs/contact.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.i18n import tr as _
from app.wall_clock import abbreviation, repeated, skipped_time
from ui.colours import set_role
from ui.date_widgets import set_zoned, zoned_time
from ui.widgets import ERROR_ROLE

NOTE_ROLE = "note"


class RepeatedHourChoice(QWidget):
    """Under `edit` (wall times on `zone`'s clock): "01:30 comes twice that night (clocks go
    back): this is the first, EDT", with the first and the second reading to choose from; or
    "02:30 does not exist on the office's clock …" (`whose`: or the borrower's), naming the
    jump."""

    changed = Signal()

    def __init__(
        self,
        edit: QDateTimeEdit,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        whose: str = "office",
    ) -> None:
        super().__init__(parent)
        self.edit, self.zone = edit, zone
        self.whose = whose  # whose clock the field is on, as the refusal names it
        self.form: QFormLayout | None = None  # the form whose row this is (shown only when needed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_role(self.note, NOTE_ROLE)
        self.first = QRadioButton()
        self.second = QRadioButton()
        self.first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.first)
        group.addButton(self.second)
        self.readings = QWidget()
        choice = QHBoxLayout(self.readings)
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(self.first)
        choice.addWidget(self.second)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.readings)
        self.wall: dt.datetime | None = None  # the aware time shown, when it comes twice
        self.skipped: ValidationError | None = None  # the refusal of a time the clocks skip
        self.second.toggled.connect(self._chosen)
        edit.dateTimeChanged.connect(self.refresh)

    def add_to(self, form: QFormLayout) -> None:
        """Take the row under the field in `form`, shown only while there is something to say."""
        form.addRow("", self)
        self.form = form
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Say what the field's time needs said (and show the row only then)."""
        shown = self.show_for(zoned_time(self.edit, self.zone))
        if self.form is not None:
            self.form.setRowVisible(self, shown)

    def time(self) -> dt.datetime:
        """The field's time as chosen: the second reading when it comes twice and the second is
        chosen; a time the clocks skip as typed (`skipped` says so)."""
        return self.start(zoned_time(self.edit, self.zone))

    def set_time(self, local: dt.datetime) -> None:
        """Show the aware `local` in the field; in the hour that comes twice, with the reading it
        is (the first or the second) chosen."""
        here = local.astimezone(self.zone)
        set_zoned(self.edit, here, self.zone)
        self.refresh()
        self.pick(second=bool(here.fold))

    def show_for(self, local: dt.datetime) -> bool:
        """Say what the aware `local` needs said: that the clocks skip it, or its two readings
        when it comes twice (keeping the reading chosen while the time stays in that hour);
        whether there was anything to say."""
        self.skipped = skipped_time(local, local.tzinfo or self.zone, self.whose)
        if self.skipped is not None:
            self.wall = None
            self.readings.setVisible(False)
            set_role(self.note, ERROR_ROLE)
            self.note.setText(self.skipped.translated())
            return True
        set_role(self.note, NOTE_ROLE)
        self.readings.setVisible(True)
        if not repeated(local):
            self.wall = None
            return False
        first, second = local.replace(fold=0), local.replace(fold=1)
        if self.wall is None or self.wall.date() != local.date():
            self.pick(second=bool(local.fold))
        self.wall = local
        self.first.setText(
            _("First {time} ({zone})", time=f"{first:%H:%M}", zone=abbreviation(first))
        )
        self.second.setText(
            _("Second {time} ({zone})", time=f"{second:%H:%M}", zone=abbreviation(second))
        )
        self._say()
        return True

    def start(self, local: dt.datetime) -> dt.datetime:
        """The aware `local` as chosen: its second reading when that is chosen and it comes
        twice, else as it is."""
        if repeated(local):
            return local.replace(fold=1 if self.second.isChecked() else 0)
        return local

    def pick(self, second: bool) -> None:
        """Choose the first or the second reading, without emitting a change."""
        self.second.blockSignals(True)
        (self.second if second else self.first).setChecked(True)
        self.second.blockSignals(False)
        self._say()

    def _chosen(self, *_args: object) -> None:
        self._say()
        self.changed.emit()

    def _say(self) -> None:
        if self.wall is None:
            return
        chosen = self.start(self.wall)
        time, zone = f"{chosen:%H:%M}", abbreviation(chosen)
        if chosen.fold:
            text = _(
                "{time} comes twice that night (clocks go back): this is the second, {zone}.",
                time=time,
                zone=zone,
            )
        else:
            text = _(
                "{time} comes twice that night (clocks go back): this is the first, {zone}.",
                time=time,
                zone=zone,
            )
        self.note.setText(text)
