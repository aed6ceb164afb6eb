"""The Backups dialog (admin): the backups with date, schema and counts, back up now, restore one
after seeing what it holds, and the backup folder and schedule with their warnings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.backups import (
    BackupResult,
    backups,
    configure,
    location_warnings,
    policy,
)
from app.errors import BackupFolderUnreachable, CasedeskError
from app.i18n import tr as _
from app.models import User
from app.restore import RestoreResult, erasures_pending
from app.restore_checks import check_backup
from db.backup import describe_backup
from db.backup_files import BackupFile
from db.store import Database
from ui.colours import set_role
from ui.dialogs.backup_rows import backup_rows, no_backups_words
from ui.dialogs.backup_worker import BackupWorker
from ui.dialogs.restore_confirm import WARNING_ROLE, RestoreConfirm
from ui.dialogs.restore_key import Cancelled, backup_key, confirm_lines, daily_work
from ui.dialogs.restore_worker import RestoreWorker, start_restore
from ui.focus import focus_returns
from ui.screen_fit import fit_on_screen
from ui.widgets import ERROR_ROLE, detail_table, fill_table, hold_top

HEADERS = ("Made", "File", "Kind", "Database version", "Borrowers", "Loans", "Cases", "Size")
FILE_COLUMN = 1
SCHEDULE_LABELS = {"daily": "Every day (at start and on close)", "off": "Only by hand"}
OK_ROLE = "ok_pass"


class BackupsDialog(QDialog):
    """List, make and restore backups. After a restore `restored` is set: the window closes."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.found: list[BackupFile] = []
        self.worker: BackupWorker | RestoreWorker | None = None
        self.pending: Path | None = None  # the backup waiting for confirmation
        self.pending_key: str | None = None  # its own key, made under another recovery key
        self.pending_broken = False  # its audit trail does not verify (the admin was told)
        self.waiting = False  # for the window's day's work to end before the restore starts
        self.restored: RestoreResult | None = None
        self.zone = "UTC"  # the office's time zone, read with the settings in refresh()
        self.setWindowTitle(_("Backups"))
        if database.url is not None:
            self._server_note()
            return
        fit_on_screen(self, 980, 620)
        self.folder = QLineEdit()
        self.folder.setObjectName("backup_folder")
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.clicked.connect(lambda: self.choose_folder())
        self.schedule = QComboBox()
        for key, text in SCHEDULE_LABELS.items():
            self.schedule.addItem(_(text), key)
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.clicked.connect(lambda: self.save_settings())
        self.warnings = QLabel()
        self.warnings.setObjectName("backup_warnings")
        self.warnings.setWordWrap(True)
        set_role(self.warnings, WARNING_ROLE)
        self.table = detail_table(HEADERS, numeric=(4, 5, 6, 7))
        header = self.table.horizontalHeader()  # the file name takes the room left, not the size
        header.setStretchLastSection(False)
        header.setSectionResizeMode(FILE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        self.none = QLabel(no_backups_words())  # instead of an empty list, as other lists say
        self.none.setObjectName("no_backups")
        self.none.setWordWrap(True)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(lambda: self.back_up_now())
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.clicked.connect(lambda: self.ask_restore())
        self.file_button = QPushButton(_("Restore from a file…"))
        self.file_button.clicked.connect(lambda: self.ask_restore_file())
        self.key_button = QPushButton(_("New recovery key…"))
        self.key_button.clicked.connect(lambda: self.new_recovery_key())
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.confirm_box = self._confirm_box()
        self._layout()
        self.refresh()

    def _server_note(self) -> None:
        """On a PostgreSQL server: one line saying where backups come from, and no file restore."""
        self.server_note = QLabel(
            _(
                "Backups of a server database are made on the server (pg_dump), not by "
                "Casedesk; restore them there."
            )
        )
        self.server_note.setObjectName("server_backups")
        self.server_note.setWordWrap(True)
        set_role(self.server_note, WARNING_ROLE)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_note)
        layout.addLayout(row)
        self.resize(560, self.sizeHint().height())

    def _confirm_box(self) -> RestoreConfirm:
        box = RestoreConfirm(self)
        self.confirm_text, self.confirm_warning = box.text, box.warning
        self.confirm_button, self.cancel_button = box.confirm_button, box.cancel_button
        self.confirm_button.clicked.connect(lambda: self.confirm_restore())
        self.cancel_button.clicked.connect(lambda: self.cancel_restore())
        return box

    def _layout(self) -> None:
        settings_row = QHBoxLayout()
        settings_row.addWidget(QLabel(_("Backup folder:")))
        settings_row.addWidget(self.folder, 1)
        settings_row.addWidget(self.choose_button)
        settings_row.addWidget(QLabel(_("Schedule:")))
        settings_row.addWidget(self.schedule)
        settings_row.addWidget(self.save_button)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.file_button)
        actions.addWidget(self.key_button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(settings_row)
        layout.addWidget(self.warnings)
        self.listed = QWidget()  # the list, or the line saying there is none yet
        listed = QVBoxLayout(self.listed)
        listed.setContentsMargins(0, 0, 0, 0)
        listed.addWidget(self.none)
        listed.addWidget(self.table, 1)
        listed.addStretch(0)  # hold_top: the room while there is no list
        layout.addWidget(self.listed, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.confirm_box)
        layout.addLayout(actions)

    # --- the list and the settings -------------------------------------------------------
    def refresh(self) -> None:
        with self.database.sessions() as session:
            office = policy(session)
        self.zone = office.timezone  # times as the office reads them, as the CLI and reports
        self.folder.setText(str(office.folder))
        self.schedule.setCurrentIndex(max(self.schedule.findData(office.schedule), 0))
        self._show_warnings(office.folder, office.chosen)
        failed = unreachable = False  # the list not read: no "none yet" then
        try:
            self.found = backups(self.database, self.user)
        except BackupFolderUnreachable as error:  # the banner above says it, with what to do
            self.found, unreachable = [], True
            if self.warnings.isHidden():
                self._say(error.translated(), error=True)
        except CasedeskError as error:  # the core's refusal (an admin's list), said here
            self.found, failed = [], True
            self._say(error.translated(), error=True)
        rows = backup_rows(self.found, self.zone)
        fill_table(self.table, rows)
        if rows:
            self.table.selectRow(0)
        self.none.setVisible(not rows and not failed and not unreachable)
        self.table.setVisible(bool(rows) or failed)
        hold_top(self.listed, not (rows or failed))
        self._update_buttons()

    def _show_warnings(self, folder: Path, chosen: bool = False) -> None:
        notices = location_warnings(self.database.path, folder, chosen=chosen)
        self.warnings.setText("\n".join(n.translated() for n in notices))
        self.warnings.setVisible(bool(notices))

    def _update_buttons(self) -> None:
        busy = self.worker is not None or self.waiting  # a restore waiting is one under way
        self.restore_button.setEnabled(self.selected_path() is not None and not busy)
        self.backup_button.setEnabled(not busy)
        self.file_button.setEnabled(not busy)
        self.key_button.setEnabled(not busy)

    def selected_path(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()].path if rows else None

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save_settings(self) -> bool:
        """Store the folder and schedule (audited); the warnings follow the new folder."""
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                configure(
                    session,
                    actor,
                    folder=self.folder.text(),
                    schedule=str(self.schedule.currentData()),
                )
        except CasedeskError as error:
            self._say(error.translated(), error=True)
            return False
        self._say(_("Backup settings saved."))
        self.refresh()
        return True

    # --- back up now ---------------------------------------------------------------------
    def back_up_now(self) -> BackupWorker:
        """Make a backup off the GUI thread, with a busy progress dialog."""
        progress = QProgressDialog(_("Copying and checking the database…"), "", 0, 0, self)
        progress.setWindowTitle(_("Back up now"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        worker = BackupWorker(self.database, self.user, self)
        worker.succeeded.connect(self._backed_up)
        worker.failed.connect(lambda text: self._say(text, error=True))
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.finished.connect(self._worker_done)
        self.worker = worker
        self._update_buttons()
        worker.start()
        return worker

    @Slot()
    def _worker_done(self) -> None:
        self.worker = None
        self.refresh()

    @Slot(object)
    def _backed_up(self, result: BackupResult) -> None:
        self._say(_("Backup written and verified: {path}", path=str(result.path)))

    def new_recovery_key(self) -> bool:
        """(admin) Replace a lost recovery key (ui/dialogs/new_recovery_key.py)."""
        from ui.dialogs.new_recovery_key import NewRecoveryKeyDialog

        return NewRecoveryKeyDialog.replace(self, self.database, self.user)

    # --- restore -------------------------------------------------------------------------
    def ask_restore_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), self.folder.text(), _("Backups (*.bak);;All files (*)")
        )
        if name:
            self.ask_restore(Path(name))

    def ask_restore(self, path: Path | None = None) -> bool:
        """Show what the backup holds and ask for confirmation (inline, below the list)."""
        path = path or self.selected_path()
        if path is None or self.worker is not None or self.waiting:
            return False
        self.message.clear()  # an earlier file's error is not this backup's (found by QA)
        try:
            key = backup_key(self, self.database, path)
            found = describe_backup(path, key or self.database.key)
            again = erasures_pending(
                self.database.path, self.database.key, path, key or self.database.key
            )
            warnings = check_backup(
                self.database.path, self.database.key, path, key or self.database.key
            )
        except Cancelled as cancelled:  # why the office's key did not do, or just that
            self._say(str(cancelled) or _("Cancelled; nothing was changed."), error=True)
            return False
        except CasedeskError as error:
            self._say(error.translated(), error=True)
            return False
        self.pending, self.pending_key = path, key
        self.pending_broken = not warnings.trail.intact  # shown, so confirming accepts it
        lines = confirm_lines(path, found, self.zone, other_key=key is not None, erased_again=again)
        self.confirm_box.show_for(lines, warnings.lines())
        self.cancel_button.setFocus()  # Enter pressed twice (Restore…, then again) does nothing
        self.cancel_button.setDefault(True)
        return True

    def cancel_restore(self) -> None:
        self.pending = self.pending_key = None
        self.waiting = False
        self.confirm_button.setEnabled(True)
        self.confirm_box.hide()
        self._update_buttons()

    def confirm_restore(self) -> RestoreWorker | None:
        """Restore the pending backup off the GUI thread, behind a modal progress dialog; on
        success the dialog closes with `restored` set, on failure it says why and stays. While the
        window's day's work runs (ui/daily.py) it waits for it: the file is never swapped under a
        backup or a rebuild."""
        if self.pending is None or self.worker is not None or self.waiting:
            return None
        job = daily_work(self.parentWidget())
        if job is not None:
            self.waiting = True
            self.confirm_button.setEnabled(False)
            self._update_buttons()
            self._say(
                _(
                    "Casedesk is making the daily backup or bringing the queue up to date; the "
                    "restore starts as soon as that is done."
                )
            )
            job.finished.connect(self._day_done)
            return None
        worker = start_restore(
            self, self.database, self.user, self.pending, self.pending_key, self.pending_broken
        )
        worker.succeeded.connect(self._restored)
        worker.failed.connect(lambda text: self._say(text, error=True))
        worker.finished.connect(self._restore_done)
        self.worker = worker
        self.confirm_button.setEnabled(False)
        self._update_buttons()
        return worker

    @Slot()
    def _day_done(self) -> None:
        if not self.waiting:  # cancelled, or the dialog closed, meanwhile
            return
        self.waiting = False
        self.confirm_button.setEnabled(True)
        self.confirm_restore()

    @Slot(object)
    def _restored(self, result: RestoreResult) -> None:
        self.restored = result
        self.confirm_box.hide()
        self._say(_("Restored from {backup}.", backup=str(result.restored_from)))

    @Slot()
    def _restore_done(self) -> None:
        self.worker = None
        self.confirm_button.setEnabled(True)
        if self.restored is not None:
            self.accept()  # the window closes: its data was replaced
        else:
            self.refresh()

    def reject(self) -> None:
        if self.worker is None:  # a backup or restore running ends first (a QThread must)
            if hasattr(self, "confirm_box"):  # a server's dialog has no restore to cancel
                self.cancel_restore()
            super().reject()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)

    @classmethod
    def manage(cls, parent: QWidget | None, database: Database, user: User) -> RestoreResult | None:
        """Run the dialog; the restore made, if any (then the window must close)."""
        dialog = cls(database, user, parent)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            dialog.exec()
        restored = dialog.restored
        dialog.deleteLater()
        return restored
