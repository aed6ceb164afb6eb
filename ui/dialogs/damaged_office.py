"""An office whose file is damaged, said at start in the user's words (SQLite's own apart, as a
detail), with a way to restore it right there: no one can log in to reach Backups ▸ Restore.
"Restore from a backup…" lists the office's backups (app/restore_damaged.py: its own backup
folder when the damaged file still tells it, else the default one) or takes a .bak file chosen
by hand, asks an administrator's name and password as the backup knows them, says what restoring
does, and restores through the core `casedesk db restore` uses, off the GUI thread. Then "Open
the restored office" opens it (ui/app.py's open_or_explain)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.erasure_restore import after_restore_words, erasures_unread_words
from app.errors import CasedeskError, DamagedDatabase, os_reason
from app.i18n import sentences
from app.i18n import tr as _
from app.restore import RestoreResult
from app.restore_damaged import damaged_backups, restore_damaged
from db.backup import stored_timezone
from db.backup_files import BackupFile
from ui.colours import set_role
from ui.crash import told
from ui.dialogs.backup_rows import backup_rows
from ui.dialogs.restore_worker import RestoreProgress
from ui.widgets import ERROR_ROLE, detail_table, fill_table

HEADERS = ("Made", "File", "Kind")
DEFAULT_ZONE = "Asia/Shanghai"  # an office's zone when neither it nor the backup tells one


def restored_words(path: Path, result: RestoreResult) -> str:
    """What the dialog says once the office is restored: from which backup, that erasures made
    since it could not be made again, and where the damaged file is kept."""
    said = [_("Restored {path} from {backup}.", path=str(path), backup=str(result.restored_from))]
    said.append(after_restore_words(len(result.reerased), result.previous_damaged))
    if result.previous is not None and result.previous_damaged:
        said.append(_("The damaged database was kept as {path}.", path=str(result.previous)))
    return sentences([line for line in said if line])


class DamagedRestoreWorker(QThread):
    """restore_damaged off the GUI thread; never touches a widget."""

    stage = Signal(str)
    succeeded = Signal(object)  # RestoreResult
    failed = Signal(str)

    def __init__(self, path: Path, backup: Path, key: str, username: str, password: str) -> None:
        super().__init__()
        self.args = (path, backup, key, username, password)

    def run(self) -> None:
        path, backup, key, username, password = self.args
        try:
            result = restore_damaged(path, backup, key, username, password, stage=self.stage.emit)
        except CasedeskError as error:  # nothing was changed: the office is as it was
            self.failed.emit(error.translated())
            return
        except OSError as error:
            where = error.filename or error.filename2 or path
            reason = os_reason(error)
            self.failed.emit(
                _("The restore failed at {path}: {reason}.", path=str(where), reason=reason)
            )
            return
        except Exception as error:  # shown, never swallowed
            self.failed.emit(_("The restore failed: {error}", error=told(error)))
            return
        self.succeeded.emit(result)


class DamagedOfficeDialog(QDialog):
    """The damaged office's message, Quit, and the restore from a backup (hidden until asked)."""

    def __init__(
        self, path: Path, key: str, error: DamagedDatabase, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DamagedOfficeDialog")
        self.setWindowTitle(_("Casedesk"))
        self.path, self.key = Path(path), key
        self.restored: RestoreResult | None = None
        self.worker: DamagedRestoreWorker | None = None
        self.found: list[BackupFile] = []
        self.chosen: Path | None = None  # a .bak file chosen by hand
        self.message = QLabel(error.translated())
        self.message.setObjectName("damaged_message")
        self.message.setWordWrap(True)
        self.detail = QLabel(_("Details (SQLite's own words): {detail}", detail=error.detail))
        self.detail.setObjectName("damaged_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setVisible(bool(error.detail))
        self.restore_button = QPushButton(_("Restore from a backup…"))
        self.restore_button.clicked.connect(self.show_backups)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.clicked.connect(self.reject)
        self.open_button = QPushButton(_("Open the restored office"))
        self.open_button.clicked.connect(self.accept)
        self.open_button.hide()
        self.panel = self._panel()
        self.panel.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.quit_button, self.restore_button, self.open_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addWidget(self.panel, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)

    def _panel(self) -> QWidget:
        panel = QWidget()
        self.folder = QLabel()
        self.folder.setObjectName("damaged_folder")
        self.folder.setWordWrap(True)
        self.table = detail_table(HEADERS)
        self.table.itemSelectionChanged.connect(self._update)
        self.none = QLabel(_("No backups of this office in this folder: choose a backup file."))
        self.none.setWordWrap(True)
        self.file_button = QPushButton(_("Choose a backup file…"))
        self.file_button.clicked.connect(self.choose_file)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for field in (self.username, self.password):
            field.textChanged.connect(self._update)
        who = QLabel(_("An administrator of the office, as the backup knows them:"))
        who.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        self.confirm = QLabel()
        self.confirm.setObjectName("damaged_confirm")
        self.confirm.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("damaged_error")
        self.error.setWordWrap(True)
        set_role(self.error, ERROR_ROLE)
        self.error.hide()
        self.replace_button = QPushButton(_("Replace the damaged office with this backup"))
        self.replace_button.setAutoDefault(False)  # Enter never replaces the office
        self.replace_button.clicked.connect(self.replace)
        row = QHBoxLayout()
        row.addWidget(self.file_button)
        row.addStretch(1)
        row.addWidget(self.replace_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.folder, self.table, self.none, who):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addLayout(row)
        return panel

    def show_backups(self) -> None:
        """List the office's backups, newest first selected."""
        folder, self.found = damaged_backups(self.path, self.key)
        self.folder.setText(_("Backups of this office in {folder}:", folder=str(folder)))
        zone = stored_timezone(self.found[0].path, self.key) if self.found else None
        fill_table(self.table, [row[:3] for row in backup_rows(self.found, zone or DEFAULT_ZONE)])
        self.table.setVisible(bool(self.found))
        self.none.setVisible(not self.found)
        self.restore_button.hide()
        self.panel.show()
        if self.found:
            self.table.selectRow(0)
        self.username.setFocus()
        self._update()
        self.adjustSize()

    def choose_file(self) -> None:
        folder = str(self.found[0].path.parent) if self.found else ""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup file"), folder, _("Backups (*.bak);;All files (*)")
        )
        if name:
            self.use_file(Path(name))

    def use_file(self, path: Path) -> None:
        """Restore `path` (chosen by hand) rather than a backup in the list."""
        self.chosen = path
        self.table.clearSelection()
        self._update()

    def backup(self) -> Path | None:
        """The backup to restore: the chosen file, else the list's selected row."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.found[rows[0].row()].path
        return self.chosen

    def _update(self) -> None:
        if self.table.selectionModel().selectedRows():
            self.chosen = None  # a row picked after a file: the row it is
        backup = self.backup()
        ready = backup is not None and bool(self.username.text().strip() and self.password.text())
        self.replace_button.setEnabled(ready and self.worker is None)
        if backup is None:
            self.confirm.setText("")
            return
        self.confirm.setText(
            "\n".join(
                [
                    _(
                        "Replace {path} with the backup {backup}? The damaged file is kept "
                        "beside the backups, as it is.",
                        path=str(self.path),
                        backup=str(backup),
                    ),
                    erasures_unread_words(),
                ]
            )
        )

    def replace(self) -> None:
        """Restore the chosen backup off the GUI thread, behind the restore's progress dialog."""
        backup = self.backup()
        if backup is None or self.worker is not None:
            return
        self.error.hide()
        user, password = self.username.text().strip(), self.password.text()
        self.worker = DamagedRestoreWorker(self.path, backup, self.key, user, password)
        progress = RestoreProgress(self)
        self.worker.stage.connect(progress.on_stage)
        self.worker.finished.connect(progress.finish)
        self.worker.succeeded.connect(self._restored)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._ended)
        self.replace_button.setEnabled(False)
        progress.show()
        self.worker.start()

    def _ended(self) -> None:
        self.worker = None
        self._update()

    def _failed(self, text: str) -> None:
        self.password.clear()
        self.error.setText(text)
        self.error.show()

    def _restored(self, result: RestoreResult) -> None:
        self.restored = result
        self.message.setText(restored_words(self.path, result))
        self.detail.hide()
        self.panel.hide()
        self.quit_button.hide()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.adjustSize()

    @classmethod
    def offer(
        cls, parent: QWidget | None, path: Path, key: str, error: DamagedDatabase
    ) -> RestoreResult | None:
        """Say the office is damaged and offer the restore; the restore's result once it was
        restored and the user chose to open it, else None (Quit)."""
        dialog = cls(path, key, error, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return dialog.restored if accepted else None


def offer_restore(target: Path, typed: str, error: DamagedDatabase, parent: QWidget | None) -> bool:
    """A damaged office at start: say so, and offer to restore it from a backup right here;
    True once restored, to be opened. `typed`: the recovery key typed to open it, if one was."""
    from db.keystore import find_key, parse_key

    key = parse_key(typed) if typed else find_key(target)[0]  # the key that opened its first page
    return DamagedOfficeDialog.offer(parent, target, key, error) is not None
