"""Import the loan book: pick the kind and the file, preview its first rows and every problem by
row and column, then import all or nothing off the GUI thread with a progress dialog and Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.country_data import office_country
from app.errors import CasedeskError
from app.i18n import current_language, sentences
from app.i18n import tr as _
from app.importer import ImportReport, write_template
from app.models import User
from db.store import Database
from ui import std_buttons
from ui.dialogs.import_results import STAGES, ImportResults
from ui.dialogs.import_worker import ImportWorker
from ui.focus import focus_returns
from ui.save_target import proposed_path, remember_folder
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box
from ui.widgets import detail_table, inline_label, section_label

KIND_TITLES = {
    "borrowers": "Borrowers",
    "loans": "Loans",
    "payments": "Payments",
    "training": "Training records",
}
PROBLEM_HEADERS = ("File", "Row", "Column", "Problem")
PROBLEM = PROBLEM_HEADERS.index("Problem")
# .txt: tab-separated text reads; .xls is listed so that choosing one says how to save it as .xlsx
# (a picker that hides the core system's .xls export leaves the admin looking for it).
FILE_FILTER = "Spreadsheets (*.csv *.xlsx *.txt *.xls)"
TEMPLATE_FILTER = "Excel (*.xlsx);;CSV (*.csv)"
CHANGED = {
    "borrowers": ("borrower",),
    "loans": ("loan",),
    "payments": ("payment", "loan", "case"),
    "training": ("training_record",),
}


class ImportDialog(ImportResults, QDialog):
    """Kind, file (and for loans a schedule file), a preview, then Import (admins only)."""

    def __init__(
        self,
        database: Database,
        user: User,
        *,
        kind: str = "borrowers",
        path: Path | None = None,
        schedule: Path | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ImportDialog")
        self.setWindowTitle(_("Import data"))
        self.database, self.user, self.today = database, user, today
        self.report: ImportReport | None = None  # the last preview
        self.imported: ImportReport | None = None
        self.worker: ImportWorker | None = None  # the check or import whose result counts
        # Every worker not yet finished: a check replaced by a newer one runs on to its next
        # progress report, and a QThread must never be destroyed while it runs.
        self.running: list[ImportWorker] = []
        self.progress_dialog: QProgressDialog | None = None
        self.kind = QComboBox()
        for key, title in KIND_TITLES.items():
            self.kind.addItem(_(title), key)
        self.kind.setCurrentIndex(list(KIND_TITLES).index(kind))
        self.file = QLineEdit(str(path) if path else "")
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(_("Choose a .csv or .xlsx file"))
        self.schedule = QLineEdit(str(schedule) if schedule else "")
        self.schedule.setReadOnly(True)
        self.schedule.setPlaceholderText(_("Optional: the instalments, one row each"))
        self.choose_file = QPushButton(_("Choose…"))
        self.choose_file.clicked.connect(lambda: self.pick(self.file))
        self.choose_schedule = QPushButton(_("Choose…"))
        self.choose_schedule.clicked.connect(lambda: self.pick(self.schedule))
        self.template_button = QPushButton(_("Download template…"))
        self.template_button.clicked.connect(lambda: self.save_template())
        form = QFormLayout()
        form.addRow(_("What to import:"), self.kind)
        form.addRow(_("File:"), _row(self.file, self.choose_file))
        self.schedule_row = _row(self.schedule, self.choose_schedule)
        form.addRow(_("Schedule file:"), self.schedule_row)
        self.schedule_label = form.labelForField(self.schedule_row)
        # A new borrower's mobile another borrower holds too: refused, unless the admin (who
        # imports) records it as shared, with the reason (app/importer/shared_mobiles.py).
        self.shared = QCheckBox(_("Record mobiles another borrower holds too as shared"))
        self.shared_reason = QLineEdit()
        self.shared_reason.setPlaceholderText(_("Why the borrowers share them"))
        self.shared_reason.setEnabled(False)
        self.shared_row = _row_of(self.shared, self.shared_reason)
        form.addRow("", self.shared_row)
        self.shared.toggled.connect(self._shared_toggled)
        self.shared_reason.editingFinished.connect(self._shared_reason_changed)
        self.summary = QLabel(_("Choose a file to see what it holds."))
        self.summary.setWordWrap(True)
        self.queue_note = QLabel()
        self.queue_note.setWordWrap(True)
        self.unread = inline_label("unread_columns", "note")  # columns not read
        self.rows = detail_table(("",))
        # The Problem column wraps and rows grow: a message's "what to do" half is read whole,
        # not cut at the edge with the rest in a tooltip.
        self.problems = detail_table(PROBLEM_HEADERS, numeric=(1,), wrap=PROBLEM)
        self.buttons = button_box(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.template_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.unread)
        layout.addWidget(section_label("First rows of the file"))
        layout.addWidget(self.rows, 3)
        layout.addWidget(section_label("Problems — nothing is imported while there is any"))
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.queue_note)
        layout.addWidget(self.buttons)
        self.import_button.setEnabled(False)
        self.kind.currentIndexChanged.connect(lambda _i: self.preview())
        fit_on_screen(self, 1000, 640)
        self._show_schedule()
        if path is not None:
            self.preview()

    # --- choosing ----------------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _show_schedule(self) -> None:
        loans = self.current_kind() == "loans"
        self.shared_row.setVisible(
            self.current_kind() == "borrowers" and can(self.user, Permission.EDIT_BORROWERS)
        )
        self.schedule_row.setVisible(loans)
        if self.schedule_label is not None:
            self.schedule_label.setVisible(loans)

    def reason(self) -> str:
        """The reason shared mobiles are recorded for, or '' when they are not."""
        shown = self.current_kind() == "borrowers" and self.shared.isChecked()
        return self.shared_reason.text().strip() if shown else ""

    def _shared_toggled(self, on: bool) -> None:
        self.shared_reason.setEnabled(on)
        if on:
            self.shared_reason.setFocus()
        if on and not self.shared_reason.text().strip():
            return  # checked afresh when the reason is written
        self.preview()

    def _shared_reason_changed(self) -> None:
        if self.shared.isChecked():
            self.preview()

    def pick(self, target: QLineEdit) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Import data"), "", _(FILE_FILTER))
        if name:
            target.setText(name)
            self.preview()

    def save_template(self, path: Path | None = None) -> Path | None:
        """Write the kind's template (header row and an example row) in the current language."""
        if path is None:
            # Named in the window's language, in the folder last saved to, as Export… proposes
            # (QA s47 O #6: "borrowers-template.xlsx" in the current folder, in Chinese too).
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Download template…"),
                proposed_path(template_name(self.current_kind())),
                _(TEMPLATE_FILTER),
            )
            if not name:
                return None
            path = Path(name)
        try:
            with self.database.session() as session:
                country = office_country(session)
            write_template(self.current_kind(), path, current_language(), country)
        except CasedeskError as error:
            self._say(error.translated(), error=True)
            return None
        remember_folder(path)
        self._say(_("Template saved to {path}.", path=str(path)))
        return path

    # --- preview and import -----------------------------------------------------------------

    def _paths(self) -> tuple[Path | None, Path | None]:
        path = Path(self.file.text()) if self.file.text() else None
        loans = self.current_kind() == "loans"
        schedule = Path(self.schedule.text()) if loans and self.schedule.text() else None
        return path, schedule

    def preview(self) -> None:
        """Check the whole file in a dry run off the GUI thread; show its rows and problems."""
        if self.worker is not None and not self.worker.dry_run:
            return  # never while importing: the import's result is what the dialog shows next
        self._show_schedule()
        self.report = None
        self.import_button.setEnabled(False)
        self.unread.hide()
        self._stop_check()  # another kind or file: the check under way is of no use any more
        path, schedule = self._paths()
        if path is None:
            return
        self._say(_("Checking {file}…", file=path.name))
        worker = self._start(path, schedule, dry_run=True)
        worker.progress.connect(self.on_check_progress)

    def _stop_check(self) -> None:
        if self.worker is not None:
            self.worker.stop.set()
            self.worker = None

    def start_import(self) -> None:
        """Import for real (the core checks everything again); a progress dialog with Cancel."""
        path, schedule = self._paths()
        if path is None or self.report is None or not self.report.ok or self.worker is not None:
            return
        self.import_button.setEnabled(False)
        dialog = QProgressDialog(_(STAGES["read"]), _("Cancel"), 0, 0, self)
        dialog.setWindowTitle(_("Import data"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        # It closes when the import ends, not when a stage's bar is full (it would flash away
        # and back between stages).
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        self.progress_dialog = dialog
        worker = self._start(path, schedule, dry_run=False)
        dialog.canceled.connect(worker.stop.set)
        worker.progress.connect(self.on_progress)

    def _start(self, path: Path, schedule: Path | None, *, dry_run: bool) -> ImportWorker:
        worker = ImportWorker(
            self.database,
            self.user.id,
            self.current_kind(),
            path,
            schedule=schedule,
            dry_run=dry_run,
            today=self.today,
            shared_reason=self.reason(),
            parent=self,
        )
        worker.succeeded.connect(self.on_imported if not dry_run else self.on_preview)
        worker.failed.connect(self.on_failed)
        worker.cancelled.connect(self.on_cancelled)
        worker.finished.connect(self._finished)
        self.worker = worker
        self.running.append(worker)
        worker.start()
        return worker

    def _current(self) -> bool:
        """Whether the signal being handled comes from the worker whose result counts."""
        sender = self.sender()
        return sender is None or sender is self.worker

    @Slot()
    def _finished(self) -> None:
        worker = self.sender()
        if isinstance(worker, ImportWorker) and worker is not self.worker:
            if worker in self.running:  # a check replaced by a newer one
                self.running.remove(worker)
                worker.deleteLater()
            return
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if self.worker is not None:
            if self.worker in self.running:
                self.running.remove(self.worker)
            self.worker.deleteLater()
            self.worker = None

    def done(self, result: int) -> None:
        """Closing stops every check or import still running (an import is rolled back) and
        waits for it: its thread must not outlive the dialog."""
        for worker in self.running:
            worker.stop.set()
        for worker in self.running:
            worker.wait()
        super().done(result)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Block until the running check or import is done (for scripts and tests)."""
        if self.worker is not None:
            self.worker.wait(timeout_ms)

    @classmethod
    def run(cls, parent: QWidget | None, database: Database, user: User) -> ImportReport | None:
        """Open the dialog; the import's report, or None when nothing was imported. The dialog
        closes once the import is done, so what it did is said then (found by the admin's first
        week: the window said nothing, not even that the work queue waits for a rebuild)."""
        dialog = cls(database, user, parent=parent)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            imported = dialog.imported if accepted else None
            if imported is not None:
                std_buttons.information(parent, _("Import data"), imported_text(imported))
        dialog.deleteLater()
        return imported


def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return box


def _row_of(check: QCheckBox, edit: QLineEdit) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check)
    layout.addWidget(edit, 1)
    return box


def imported_text(report: ImportReport) -> str:
    """What an import did, as `casedesk import` says it: how many were new and skipped, and what
    became of the work queue."""
    return sentences([report.summary(), report.overpaid_text(), report.shared_text(), report.queue])


def changed_entities(report: ImportReport) -> tuple[str, ...]:
    """What the pages should refresh after `report` was imported."""
    return CHANGED.get(report.kind, ())


def template_name(kind: str) -> str:
    """The file name Download template… proposes for `kind`, in the reader's words (借款人导入模板
    .xlsx), as the training page's own template is named (培训导入模板.csv)."""
    names = {
        "borrowers": _("borrowers-template.xlsx"),
        "loans": _("loans-template.xlsx"),
        "payments": _("payments-template.xlsx"),
        "training": _("training-template.xlsx"),
    }
    return names.get(kind, f"{kind}-template.xlsx")
