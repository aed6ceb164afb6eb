"""Print the training roster: ask for a file, render the PDF off the GUI thread with a busy
progress dialog, then offer to open it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.errors import CasedeskError, os_reason
from app.i18n import current_language
from app.i18n import tr as _
from app.models import User
from app.reporting.generated import ROSTER, write_report
from db.store import Database
from ui.save_target import proposed_path, remember_folder, with_extension
from ui.std_buttons import message_box
from ui.widgets import office_day

PDF_FILTER = "PDF (*.pdf)"


class _Signals(QObject):
    finished = Signal(str)  # the PDF's path
    failed = Signal(str)  # a translated message


class _RosterJob(QRunnable):
    """Gathers the roster in its own session and writes the PDF (audited); never touches a
    widget."""

    def __init__(
        self, database: Database, user: User, path: Path, as_of: dt.date, lang: str
    ) -> None:
        super().__init__()
        self.database, self.user, self.path, self.as_of, self.lang = (
            database,
            user,
            path,
            as_of,
            lang,
        )
        self.signals = _Signals()

    def run(self) -> None:
        try:
            write_report(
                self.database.sessions, self.user, ROSTER, self.path, self.lang,
                as_of=self.as_of, file_name=self.path.name,
            )  # fmt: skip
        except CasedeskError as error:
            self.signals.failed.emit(error.translated(self.lang))
            return
        except OSError as error:
            self.signals.failed.emit(
                _(
                    "Cannot write {path}: {error}",
                    lang=self.lang,
                    path=str(self.path),
                    error=os_reason(error, self.lang),
                )
            )
            return
        self.signals.finished.emit(str(self.path))


class RosterPrinter(QObject):
    """One roster print: `finished(path)` or `failed(message)` arrive on the GUI thread."""

    finished = Signal(str)
    failed = Signal(str)

    def __init__(
        self, parent: QWidget, database: Database, user: User, path: Path, ask_to_open: bool = True
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.ask_to_open = ask_to_open
        self.box: QMessageBox | None = None
        self.ended = False
        self.progress = QProgressDialog(_("Writing the training roster…"), "", 0, 0, parent)
        self.progress.setWindowTitle(_("Print roster"))
        self.progress.setCancelButton(None)  # type: ignore[arg-type]
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)
        self.job = _RosterJob(database, user, path, office_day(database), current_language())
        self.job.setAutoDelete(False)
        self.job.signals.finished.connect(self._done)
        self.job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.job)

    def _ended(self) -> None:
        """The print is over: its progress dialog goes (each print made one, kept as long as the
        page), and so does this printer once the page makes another."""
        self.ended = True
        self.progress.close()
        self.progress.deleteLater()

    def _done(self, path: str) -> None:
        self._ended()
        self.finished.emit(path)
        if not self.ask_to_open:
            return
        self.box = message_box(
            QMessageBox.Icon.Question,
            _("Print roster"),
            _("The training roster was saved to {path}. Open it now?", path=path),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self.parent_widget,
        )
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.finished.connect(lambda result: self._maybe_open(result, path))
        self.box.open()

    def _maybe_open(self, result: int, path: str) -> None:
        if result == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _failed(self, message: str) -> None:
        self._ended()
        self.failed.emit(message)
        self.box = message_box(
            QMessageBox.Icon.Warning,
            _("Print roster"),
            message,
            QMessageBox.StandardButton.Close,
            self.parent_widget,
        )
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.open()


def ask_roster_path(parent: QWidget, day: dt.date) -> Path | None:
    """Where to save the roster of `day` (the office's today), or None when cancelled."""
    default = proposed_path(_("training-roster-{date}.pdf", date=day.isoformat()))
    name, _filter = QFileDialog.getSaveFileName(parent, _("Print roster"), default, _(PDF_FILTER))
    if not name:
        return None
    path = with_extension(parent, name, ".pdf")  # added, not swapped in: "名册 2026.11"
    if path is not None:
        remember_folder(path)
    return path
