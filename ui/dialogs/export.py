"""Export a list page to CSV/XLSX: file dialog, export off the GUI thread, progress, cancel."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.errors import CasedeskError
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.dialogs.worker import ActingWorker
from ui.table_model import LazyTableModel

if TYPE_CHECKING:
    from app.export import ExportResult

# What the page shows now: (filters, sort key or None, descending or None).
Source = Callable[[], tuple[Any, str | None, bool | None]]


class ExportWorker(ActingWorker):
    """Runs export_rows in its own session; never touches a widget."""

    progress = Signal(int, int)  # succeeded: the ExportResult

    def __init__(
        self,
        database: Database,
        user_id: int,
        kind: str,
        path: Path,
        source: tuple[Any, str | None, bool | None],
        personal_data: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user_id, parent)
        self.kind = kind
        self.path = path
        self.filters, self.sort, self.descending = source
        self.personal_data = personal_data
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
            progress=self._progress,
        )

    def failure(self, error: str) -> str:
        return _("The export failed: {error}", error=error)


def ask_export_path(parent: QWidget, kind: str) -> Path | None:
    """Where to write the file; the chosen filter decides CSV or Excel."""
    xlsx_filter, csv_filter = _("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)")
    name, chosen = QFileDialog.getSaveFileName(
        parent, _("Export list"), f"{kind}.xlsx", f"{xlsx_filter};;{csv_filter}"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".csv", ".xlsx"):  # added: "案件 v1.2" keeps its ".2"
        path = path.with_name(path.name + (".csv" if chosen == csv_filter else ".xlsx"))
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
        self.setToolTip(_("Save this list, as filtered, to CSV or Excel"))
        self.setVisible(user is not None)
        self.clicked.connect(lambda: self.export())

    def set_user(self, user: User) -> None:
        self.user = user
        self.setVisible(True)

    def export(self, path: Path | None = None, personal_data: bool = False) -> ExportWorker | None:
        """Ask for a file (unless given), then export off the GUI thread with progress; a list
        the user may not export is refused first, in the core's words."""
        if self.user is None:
            return None
        from app.export import check_may_export  # at the click: see ExportWorker.run

        try:  # before the file dialog (a supervisor sees the audit trail but may not export it)
            check_may_export(self.user, self.kind)
        except CasedeskError as error:
            self._failed(error.translated())
            return None
        path = path or ask_export_path(self, self.kind)
        if path is None:
            return None
        if personal_data and not can(self.user, Permission.EXPORT_PERSONAL_DATA):
            personal_data = False
        filters, sort, descending = self.source()
        # The worker reads its own copy: the page may change its filter while the export runs.
        source = (copy.copy(filters), sort, descending)
        worker = ExportWorker(
            self.database, self.user.id, self.kind, path, source, personal_data, self
        )
        progress = QProgressDialog(_("Exporting…"), _("Cancel"), 0, 0, self)
        progress.setWindowTitle(_("Export list"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.canceled.connect(lambda: setattr(worker, "cancelled", True))
        worker.progress.connect(_on_progress(progress))
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.progress_dialog = progress  # type: ignore[attr-defined]
        self.worker = worker
        self.setEnabled(False)
        worker.finished.connect(lambda: self.setEnabled(True))
        worker.start()
        return worker

    @Slot(object)
    def _succeeded(self, result: ExportResult) -> None:
        self.last_result = result
        self._tell(
            plural(
                result.rows,
                "Exported {count} row to {path}.",
                "Exported {count} rows to {path}.",
                path=str(result.path),
            )
        )

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
        box = QMessageBox(
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
