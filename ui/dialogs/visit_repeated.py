"""The booking form's choice of which reading of a start in the hour that comes twice (01:30 in
New York on 2026-11-01, first on EDT, then an hour later on EST): the date-and-time field alone
always takes the first. Shown under the start field only when the time comes twice."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from app.i18n import tr as _
from app.wall_clock import abbreviation, repeated


class RepeatedHourChoice(QWidget):
    """ "01:30 comes twice that night (clocks go back): this is the first, EDT", with the first
    and the second reading to choose from."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        self.first = QRadioButton()
        self.second = QRadioButton()
        self.first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.first)
        group.addButton(self.second)
        choice = QHBoxLayout()
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(self.first)
        choice.addWidget(self.second)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(choice)
        self.wall: dt.datetime | None = None  # the aware start shown, when it comes twice
        self.second.toggled.connect(self._chosen)

    def show_for(self, local: dt.datetime) -> bool:
        """Offer the two readings of the aware `local` when its wall time comes twice (keeping
        the reading chosen while the time stays in that hour); whether it does."""
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
