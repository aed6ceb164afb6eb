"""A report written off the GUI thread for the Reports page: the job gathers, lays out and
records it in its own database session, telling the page its stages, its end or its failure."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from app.errors import CasedeskError, os_reason
from app.i18n import current_language
from app.i18n import tr as _
from app.models import User
from app.reporting.generated import write_report
from db.store import Database


class _Dropped(Exception):
    """Cancelled: the job stops at its next stage, gathering and laying out nothing more."""


class _Signals(QObject):
    stage = Signal(str)  # what the job is doing now, translated
    finished = Signal(str, bool)  # the PDF's path, whether the period held no data
    failed = Signal(str)  # a translated message


class ReportJob(QRunnable):
    """One report written off the GUI thread; it never touches a widget. The PDF is in `lang`;
    what the window is told (its stages, an error) is in the window's language. `extra` goes to
    write_report as it is (a visit sheet's `day` and `agent`)."""

    def __init__(self, database: Database, user: User, kind: str, path: Path, lang: str,
                 start: dt.date, end: dt.date, as_of: dt.date, **extra: Any) -> None:  # fmt: skip
        super().__init__()
        self.args = (database, user, kind, path, lang, start, end, as_of)
        self.extra = extra
        self.window_lang = current_language()  # read on the GUI thread, as the job is made
        # Cancel (GUI thread) and the job's last look before it keeps and records the PDF
        # decide under one lock: either the PDF is dropped, or Cancel is told it came too late.
        self._lock = threading.Lock()
        self.cancelled = False
        self.kept = False
        self.signals = _Signals()

    def cancel(self) -> bool:
        """Drop the result; False when the job has kept it already (recorded as generated)."""
        with self._lock:
            self.cancelled = True
            return not self.kept

    def _wanted(self) -> bool:
        with self._lock:
            self.kept = not self.cancelled
            return self.kept

    def _stage(self, text: str) -> None:
        """Tell the page the stage, or stop here when cancelled (found by QA: a cancelled year's
        report went on gathering and laying out unseen, holding a core and the database)."""
        with self._lock:
            if self.cancelled:
                raise _Dropped
        self.signals.stage.emit(text)

    def run(self) -> None:
        try:
            database, *rest = self.args
            empty = write_report(
                database.sessions,
                *rest,
                stage=self._stage,
                wanted=self._wanted,
                **self.extra,
            )
        except _Dropped:
            return  # nothing written, nothing recorded
        except CasedeskError as error:
            self.signals.failed.emit(error.translated(self.window_lang))
            return
        except OSError as error:
            lang, path = self.window_lang, str(self.args[3])
            reason = os_reason(error, lang)
            message = _("Cannot write {path}: {error}", lang, path=path, error=reason)
            self.signals.failed.emit(message)
            return
        if self.kept:  # a dropped report left no file and no record
            self.signals.finished.emit(str(self.args[3]), empty)
