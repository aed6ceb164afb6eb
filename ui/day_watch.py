"""The window past the office's midnight: a workstation left running overnight (locked at 18:00,
unlocked the next morning) brings the queue up to date for the new day and makes the day's
backup, as a fresh start of the window would, and the pages that show "today" move on to it.

A check of the office's date each minute, not one timer set for midnight: a timer's wait does not
count the hours a computer sleeps, and an office's time zone changed in Settings moves its
midnight. The check reads the clock only; the office's zone is read again when it may have
changed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import SQLAlchemyError

from app.errors import DatabaseError
from app.office import office_zone

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MINUTE_MS = 60_000
DAY = "day"  # what the hub announces when the office's date turns: pages showing today refresh


class DayWatch(QObject):
    """Owned by the main window; `office_day` is the office's date now (a test sets another)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.zone = self._zone()
        self.office_day: Callable[[], dt.date] = lambda: dt.datetime.now(self.zone).date()
        self.day = self.office_day()
        self.timer = QTimer(self)
        self.timer.setInterval(MINUTE_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.hub.changed.connect(self._on_changed)

    def _zone(self) -> zoneinfo.ZoneInfo:
        with self.window.database.sessions() as session:
            return office_zone(session)

    def _on_changed(self, entities: set[str]) -> None:
        if entities & {"office", "setting"}:
            self.zone = self._zone()  # Settings may have given the office another time zone

    def stop(self) -> None:
        """Look no more: the window closed (a window closed but not yet deleted kept its minute's
        timer, which then read a database closed or dropped since)."""
        self.timer.stop()

    def check(self) -> bool:
        """Move the window on to the office's day if it turned since; True if it did."""
        if getattr(self.window, "closing", False):
            self.stop()
            return False
        self._clock_behind()
        today = self.office_day()
        if today == self.day or self._busy():
            return False  # a rebuild still running: the next minute's check moves on
        self.day = today
        self.window.hub.announce(DAY)
        window = self.window
        if not getattr(window, "closing", False) and window.restored is None:
            from ui.app import start_background_work

            start_background_work(window)  # the day's rebuild, then (on a file) its backup
        return True

    def _clock_behind(self) -> None:
        """The status bar's warning of a clock set back, shown or taken down as it changes."""
        from ui.clock_behind_notice import check_clock_behind

        try:
            check_clock_behind(self.window, self.window.database, ask=False)
        except (SQLAlchemyError, OSError, DatabaseError):  # a file or server gone is said elsewhere
            pass

    def _busy(self) -> bool:
        """Whether the window's rebuild still runs (it read the queue's date when it started)."""
        running = getattr(self.window, "rebuild_job", None)
        return running is not None and running.isRunning()
