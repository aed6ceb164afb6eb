"""Export a list page to CSV/XLSX: file dialog, export off the GUI thread, progress, cancel. An
admin's button also offers the list with full personal data, for a written reason."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.errors import CasedeskError
from app.export_personal import PERSONAL_LISTS, suggested_name
from app.export_safety import ExportCancelled
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.date_widgets import office_day
from ui.dialogs.worker import ActingWorker
from ui.save_target import proposed_path, remember_folder, with_extension
from ui.std_buttons import message_box
from ui.table_model import LazyTableModel

if TYPE_CHECKING:
    from app.export import ExportResult

# What the page shows now: (filters, sort key or None, descending or None).
Source = Callable[[], tuple[Any, str | None, bool | None]]


class ExportWorker(ActingWorker):
    """Runs export_rows in its own session; never touches a widget."""

    progress = Signal(int, int)  # succeeded: the ExportResult
    cancelled_by_user = Signal()  # stopped at Cancel: no file was written
    stops = (ExportCancelled,)
    # Its audit entry is written after all its reads: a save made meanwhile made it fail, busy.
    write_lock = True

    def __init__(
        self,
        database: Database,
        user_id: int,
        kind: str,
        path: Path,
        source: tuple[Any, str | None, bool | None],
        personal_data: bool = False,
        parent: QWidget | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(database, user_id, parent)
        self.kind = kind
        self.path = path
        self.filters, self.sort, self.descending = source
        self.personal_data = personal_data
        self.reason = reason
        self.cancelled = False  # set on the GUI thread, read here between chunks

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled

    def work(self, session: Session, actor: User) -> Any:
        # Imported here: the export kinds pull in every list's query (and phonenumbers), which
        # the work queue, the start page, should not pay for before its first paint.
        from app.export import export_rows

        return export_rows(
            session,
            actor,
            self.kind,
            self.path,
            filters=self.filters,
            sort=self.sort,
            descending=self.descending,
            personal_data=self.personal_data,
            reason=self.reason,
            progress=self._progress,
        )

    def failure(self, error: str) -> str:
        return _("The export failed: {error}", error=error)

    def stopped(self) -> None:
        self.cancelled_by_user.emit()


def ask_export_path(
    parent: QWidget, kind: str, personal_data: bool = False, day: dt.date | None = None
) -> Path | None:
    """Where to write the file; the chosen filter decides CSV or Excel. The name proposed is the
    list's in the reader's words, dated `day` (the office's today), in the folder last saved to,
    as the training roster's; for full personal data it says so ("borrowers-personal-data-…");
    a name the user types is kept."""
    xlsx_filter, csv_filter = _("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)")
    proposed = proposed_path(suggested_name(kind, "xlsx", personal_data, day))
    name, chosen = QFileDialog.getSaveFileName(
        parent, _("Export list"), proposed, f"{xlsx_filter};;{csv_filter}"
    )
    if not name:
        return None
    if Path(name).suffix.lower() in (".csv", ".xlsx"):
        path: Path | None = Path(name)
    else:
        path = with_extension(parent, name, ".csv" if chosen == csv_filter else ".xlsx")
    if path is not None:
        remember_folder(path)
    return path


def model_order(model: LazyTableModel) -> tuple[str | None, bool]:
    """The sort key and direction the table shows now."""
    return model.columns[model.sort_column].sort_key, model.descending


class ExportButton(QPushButton):
    """An Export… button for a list page: writes what the page lists now (filters, order)."""

    done = Signal(str)  # the message shown when an export ends (success or error)

    def __init__(
        self,
        database: Database,
        user: User | None,
        kind: str,
        source: Source,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Export…"), parent)
        self.setObjectName(f"export_{kind}")
        self.database = database
        self.user = user
        self.kind = kind
        self.source = source
        self.worker: ExportWorker | None = None
        self.last_result: ExportResult | None = None
        self.last_message = ""
        self.setVisible(user is not None)
        self.clicked.connect(self._clicked)
        self._offer_personal_data()
        self.turn_on()

    def set_user(self, user: User) -> None:
        self.user = user
        self.setVisible(True)
        self._offer_personal_data()
        self.turn_on()

    def refusal(self) -> str:
        """Why the user may not export this list, in their words ("" when they may): the
        button is greyed with it as its tooltip (QA s42: a supervisor's audit Export… was on,
        and every click refused)."""
        from app.export import check_may_export

        if self.user is None:
            return ""
        try:
            check_may_export(self.user, self.kind)
        except CasedeskError as error:
            return error.translated()
        return ""

    def turn_on(self, on: bool = True) -> None:
        """On (an export's end turns it on again) only for a user who may export the list."""
        why = self.refusal()
        self.setEnabled(on and not why)
        self.setToolTip(why or _("Save this list, as filtered, to CSV or Excel"))

    def _offer_personal_data(self) -> None:
        """An admin's button opens a menu: the list masked, or with full personal data (for a
        reason). Others' button exports masked at once; the core refuses them full data anyway."""
        offer = (
            self.user is not None
            and self.kind in PERSONAL_LISTS
            and can(self.user, Permission.EXPORT_PERSONAL_DATA)
        )
        if not offer:
            self.setMenu(None)  # type: ignore[arg-type]
            return
        menu = QMenu(self)
        menu.setObjectName("export_menu")
        masked = menu.addAction(_("Export with personal data masked…"))
        masked.setObjectName("export_masked")
        masked.triggered.connect(lambda: self.export())
        full = menu.addAction(_("Include full personal data…"))
        full.setObjectName("export_personal_data")
        full.setToolTip(_("Asks why; the reason is kept in the audit log and in the file"))
        full.triggered.connect(lambda: self.export(personal_data=True))
        self.setMenu(menu)

    def _clicked(self) -> None:
        if self.menu() is None:  # with a menu, the press opens it and its actions export
            self.export()

    def export(
        self, path: Path | None = None, personal_data: bool = False, reason: str | None = None
    ) -> ExportWorker | None:
        """Ask for a file (unless given), then export off the GUI thread with progress; a list
        the user may not export is refused first, in the core's words. Full `personal_data`
        asks the reason first (unless given); the core checks the right and the reason."""
        if self.user is None:
            return None
        from app.export import check_may_export, kind_of  # at the click: see ExportWorker.run

        try:  # before the file dialog (a supervisor sees the audit trail but may not export it)
            check_may_export(self.user, self.kind)
        except CasedeskError as error:
            self._failed(error.translated())
            return None
        if personal_data and not can(self.user, Permission.EXPORT_PERSONAL_DATA):
            personal_data = False
        if personal_data and reason is None:
            from ui.dialogs.export_reason import PersonalExportDialog

            reason = PersonalExportDialog.ask_reason(self, _(kind_of(self.kind).title))
            if reason is None:
                return None
        path = path or ask_export_path(self, self.kind, personal_data, office_day(self.database))
        if path is None:
            return None
        filters, sort, descending = self.source()
        # The worker reads its own copy: the page may change its filter while the export runs.
        source = (copy.copy(filters), sort, descending)
        worker = ExportWorker(
            self.database,
            self.user.id,
            self.kind,
            path,
            source,
            personal_data,
            self,
            reason if personal_data else None,
        )
        # Over the window, not the button: the button is greyed while the export runs, and a
        # dialog whose parent is greyed is greyed too, its Cancel with it (QA s47).
        progress = QProgressDialog(_("Exporting…"), _("Cancel"), 0, 0, self.window())
        progress.setWindowTitle(_("Export list"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.canceled.connect(lambda: setattr(worker, "cancelled", True))
        # Esc rejects the dialog; at times Qt hides it so without emitting canceled.
        progress.rejected.connect(lambda: setattr(worker, "cancelled", True))
        worker.progress.connect(_on_progress(progress))
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.cancelled_by_user.connect(self._cancelled)
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.progress_dialog = progress  # type: ignore[attr-defined]
        self.worker = worker
        self.setEnabled(False)
        worker.finished.connect(lambda: self.turn_on())
        worker.start()
        return worker

    @Slot(object)
    def _succeeded(self, result: ExportResult) -> None:
        from app.export_personal import export_message

        self.last_result = result
        self._tell(export_message(result))  # says whether the file holds full personal data

    @Slot()
    def _cancelled(self) -> None:
        """Said as news, not as an error: the user asked for it, and nothing is left behind."""
        self.last_result = None
        self._tell(ExportCancelled().translated())

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.last_result = None
        self._tell(message, error=True)

    def _tell(self, message: str, error: bool = False) -> None:
        self.last_message = message
        self.done.emit(message)
        window = self.window()
        if isinstance(window, QMainWindow) and not error:
            window.statusBar().showMessage(message, 15000)
            return
        box = message_box(
            QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information,
            _("Export list"),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the page stays usable and tests never block


def _on_progress(dialog: QProgressDialog) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        dialog.setLabelText(
            plural(
                total,
                "Exporting {done} of {total} row…",
                "Exporting {done} of {total} rows…",
                done=done,
                total=total,
            )
        )

    return update
