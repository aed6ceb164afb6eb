"""Date fields shared by pages and dialogs: a date filter that may be left at "Any date", a plain
date field with a calendar, and a date-and-time field in a borrower's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QObject,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit, QWidget

from app.i18n import tr as _

if TYPE_CHECKING:  # the login box's first paint must not load SQLAlchemy
    from db.store import Database

NO_DATE = QDate(2000, 1, 1)  # the minimum date stands for "no limit" (shown as special text)


class OptionalDateEdit(QDateEdit):
    """A date field that may show "Any date": Tab then leaves it, as from a date (Qt's kept the
    keyboard in it, however often Tab was pressed: the Audit's filters beyond it, its list and
    Export were out of reach of the keys). From "Any date" a digit typed, or an arrow, starts at
    `today` and its calendar opens on today's month, and a date is typed as written, 2026-12-01:
    over "Any date" it was garbled ("Any date0261201"), the calendar opened on January 2000. An
    arrow on the day moves a day, across a month's end too."""

    STEPS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.today = today or dt.date.today  # the computer's unless told (a page: the office's)
        self.moved_on = False  # the last digit typed filled a part, and Qt moved to the next

    def unset(self) -> bool:
        """Whether the field shows its special text ("Any date")."""
        return self.date() == self.minimumDate() and bool(self.specialValueText())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        held = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if tab and not held and self.unset():
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        typed = event.text().isdigit() or event.key() in self.STEPS
        if typed and not held and self.unset():
            self.setDate(qdate(self.today()))
            if not event.text().isdigit():
                self.setSelectedSection(QDateTimeEdit.Section.DaySection)
                event.accept()  # an arrow shows today; the next one moves a day from it
                return
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)  # typed over: the year
        if event.text() == "-" and self.moved_on:
            # Qt moved on to the month once the year's four digits were typed: the dash typed
            # after them would move on again, and "2026-12-01" became 2026-12-12.
            self.moved_on = False
            event.accept()
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self.moved_on = event.text().isdigit() and self.currentSection() != section

    def on_day(self) -> bool:
        """Whether an arrow would step a date's day part."""
        return self.currentSection() == QDateTimeEdit.Section.DaySection and not self.unset()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt override)
        if not self.on_day():
            return super().stepEnabled()
        steps = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.date() > self.minimumDate():
            steps |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.date() < self.maximumDate():
            steps |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return steps

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        """The day part steps by days, on into the month before or after: Qt's stops at the
        month's first or last day, and Down from today on 1 March stayed on 1 March."""
        if not self.on_day():
            super().stepBy(steps)
            return
        day = self.date().addDays(steps)
        self.setDate(max(self.minimumDate(), min(self.maximumDate(), day)))
        self.setSelectedSection(QDateTimeEdit.Section.DaySection)  # the next arrow: a day again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and self.unset():  # the calendar, opening
            day = self.today()
            self.calendarWidget().setCurrentPage(day.year, day.month)
        return False


def optional_date_edit(today: Callable[[], dt.date] | None = None) -> QDateEdit:
    """A date filter that starts empty ("Any date"); typed into, or its calendar opened, it
    starts from `today` (the computer's unless given)."""
    edit = OptionalDateEdit(today)
    edit.setCalendarPopup(True)
    edit.calendarWidget().installEventFilter(edit)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(_("Any date"))
    edit.setDate(NO_DATE)
    return edit


def optional_day(edit: QDateEdit) -> dt.date | None:
    """The chosen day, or None when the filter is left at "Any date"."""
    value = edit.date()
    if value == NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


def set_optional_day(edit: QDateEdit, day: dt.date | None) -> None:
    """Show `day` (or "Any date") without emitting a change."""
    edit.blockSignals(True)
    edit.setDate(qdate(day) if day else NO_DATE)
    edit.blockSignals(False)


def qdate(day: dt.date) -> QDate:
    """The QDate of `day`."""
    return QDate(day.year, day.month, day.day)


def day_of(edit: QDateEdit) -> dt.date:
    """The day a date field shows."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def office_day(database: Database) -> dt.date:
    """Today on the office's clock: the day the core dates promises and payments by, which a
    computer left on another time zone does not keep for part of each day."""
    from app.office import office_today

    with database.sessions() as session:
        return office_today(session)


def date_edit(day: dt.date, latest: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar, showing `day`, no later than `latest` when given."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    edit.setDate(qdate(day))
    return edit


class FollowsToday(QObject):
    """A date field no later than the office's today, in a dialog that may stay open past its
    midnight (put away by the idle lock at 18:00 and back the next morning): each minute its limit
    moves on to the new today, and its day too if it still shows the old today. The field owns
    it; `today` is the office's date now (a test sets another). `turned` carries the new today,
    for a dialog whose other words depend on the day."""

    turned = Signal(object)

    def __init__(self, edit: QDateEdit, today: Callable[[], dt.date]) -> None:
        super().__init__(edit)
        self.edit, self.today = edit, today
        self.day = today()
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """Move the limit on if the office's date turned; True if it did."""
        new, old = self.today(), self.day
        if new <= old:
            return False
        self.day = new
        left_at_today = day_of(self.edit) == old
        self.edit.setMaximumDate(qdate(new))
        if left_at_today:
            self.edit.setDate(qdate(new))
        self.turned.emit(new)
        return True


def zoned_edit(zone: str) -> QDateTimeEdit:
    """A date-and-time field with a calendar showing wall times on the IANA time zone `zone`'s
    clock. Qt is kept out of the zone's arithmetic (the field itself keeps UTC, which has no
    clock changes): given the zone, a QDateTimeEdit turns a time the clocks skip into another
    (02:30 typed in New York on 2026-03-08 becomes 03:30, or the hour typed is refused) before
    the dialog or the core can say so. zoned_time reads the wall time onto the zone's clock."""
    edit = QDateTimeEdit()
    edit.setTimeZone(QTimeZone.utc())
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


def set_zoned(edit: QDateTimeEdit, when: dt.datetime, zone: zoneinfo.ZoneInfo) -> None:
    """Show the aware `when` on `zone`'s clock, to the minute."""
    here = when.astimezone(zone)
    edit.setDateTime(QDateTime(qdate(here.date()), QTime(here.hour, here.minute), edit.timeZone()))


def wall_reading(edit: QDateTimeEdit) -> dt.datetime:
    """The naive wall time a zoned field shows, as typed (it may be one the clocks skip)."""
    value = edit.dateTime()
    day, time = value.date(), value.time()
    return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


def zoned_time(edit: QDateTimeEdit, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The aware time the field shows on `zone`'s clock (the first reading of an hour that comes
    twice; a time the clocks skip stays as typed, for app.wall_clock.skipped_time to name)."""
    return wall_reading(edit).replace(tzinfo=zone)
