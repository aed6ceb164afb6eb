"""Backups ▸ New recovery key… (admin): for an admin who lost the printed sheet. The admin types
their password again; the office is re-encrypted under a new key off the GUI thread (a modal
progress without Cancel); the new key is then shown once, to print or copy as the first-run wizard
shows it, and the dialog closes only once the admin says it is written down. The old key is
never shown: Casedesk does not keep it in clear (app/recovery_key.py says what it protects)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from app.recovery_key import (
    STAGES,
    NewRecoveryKey,
    old_key_words,
    reopen,
    replace_recovery_key,
)
from db.store import Database
from ui.crash import told
from ui.password_again import password_again, steady_progress
from ui.recovery_sheet import RecoverySheet

STAGE_TEXT = {  # each step of app.recovery_key.STAGES, as the progress dialog says it
    "check": "Checking your password and the audit trail…",
    "encrypt": "Encrypting a copy of the office under the new key…",
    "reseal": "Sealing the audit trail with the new key…",
    "replace": "Putting the re-encrypted office in place…",
}


class NewKeyWorker(QThread):
    """Re-encrypts the office off the GUI thread; never touches a widget."""

    stage = Signal(str)  # a name of app.recovery_key.STAGES, as each step begins
    succeeded = Signal(object)  # NewRecoveryKey
    failed = Signal(str)

    def __init__(self, database: Database, username: str, password: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.database, self.username, self.password = database, username, password

    def run(self) -> None:
        try:
            made = replace_recovery_key(
                self.database,
                self.username,
                self.password,
                lock_held=True,
                stage=self.stage.emit,
            )
        except CasedeskError as error:  # nothing was changed: the office is as it was
            self.failed.emit(error.translated())
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("The new key was not made: {error}", error=told(error)))
            return
        self.succeeded.emit(made)


class NewRecoveryKeyDialog(QDialog):
    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.user = database, user
        self.worker: NewKeyWorker | None = None
        self.progress: QProgressDialog | None = None  # while a key is being made
        self.made: NewRecoveryKey | None = None
        self.setWindowTitle(_("New recovery key"))
        self.setObjectName("NewRecoveryKeyDialog")
        self.setMinimumWidth(620)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._ask_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def _ask_page(self) -> QWidget:
        page = QWidget()
        said = QLabel(
            _(
                "The recovery key opens this office when this computer's keychain no longer has "
                "its key, or on another computer. If the printed sheet is lost, make a new key: "
                "the office is encrypted again under it, and it is shown once, to print."
            )
            + "\n\n"
            + old_key_words()
        )
        said.setWordWrap(True)
        form, self.password, self.error = password_again(self.user)
        self.make_button = QPushButton(_("Make a new key"))
        self.make_button.clicked.connect(lambda: self.make())
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.make_button)
        layout = QVBoxLayout(page)
        layout.addWidget(said)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def make(self) -> NewKeyWorker | None:
        """Start the re-encryption with a modal progress dialog without Cancel."""
        if self.worker is not None or not self.password.text():
            return None
        progress = steady_progress(self, _(STAGE_TEXT["check"]), _("New recovery key"), len(STAGES))
        self.progress = progress
        worker = NewKeyWorker(self.database, self.user.username, self.password.text(), self)
        self.password.clear()
        worker.stage.connect(self._stage)
        worker.succeeded.connect(self._made)
        worker.failed.connect(self._failed)
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.finished.connect(self._done)
        self.worker = worker
        self.make_button.setEnabled(False)
        worker.start()
        return worker

    @Slot(str)
    def _stage(self, name: str) -> None:
        if self.progress is not None:
            # The words first: a modal progress's setValue runs the event loop.
            self.progress.setLabelText(_(STAGE_TEXT[name]))
            self.progress.setValue(STAGES.index(name))

    @Slot()
    def _done(self) -> None:
        self.progress = None
        self.worker = None
        self.make_button.setEnabled(True)

    @Slot(str)
    def _failed(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    @Slot(object)
    def _made(self, made: NewRecoveryKey) -> None:
        reopen(self.database, made.key)  # the window goes on with the office under its new key
        self.made = made
        self.pages.addWidget(self._key_page(made))
        self.pages.setCurrentIndex(1)
        self.adjustSize()

    def _key_page(self, made: NewRecoveryKey) -> QWidget:
        page = QWidget()
        self.sheet = RecoverySheet(
            made.recovery, self._office_name, self.database.shown, self._today
        )
        kept = (
            _("The new key is kept in this computer's keychain, as the old one was.")
            if made.kept
            else _("No keychain on this computer: the key is asked at every start.")
        )
        said = QLabel(_("Your new recovery key, shown only this once.") + "\n" + kept)
        said.setWordWrap(True)
        words = QLabel(old_key_words())
        words.setObjectName("old_key_words")
        words.setWordWrap(True)
        self.written = QCheckBox(_("I have written it down or printed it, and keep it safe"))
        self.written.setObjectName("written_down")
        self.done_button = QPushButton(_("Close"))
        self.done_button.setEnabled(False)
        self.written.toggled.connect(self.done_button.setEnabled)
        self.done_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.written, 1)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.addWidget(said)
        layout.addWidget(self.sheet)
        layout.addWidget(words)
        layout.addLayout(row)
        return page

    def _office_name(self) -> str:
        from app.office import get_office

        with self.database.sessions() as session:
            office = get_office(session)
        return office.name if office is not None else ""

    def _today(self) -> dt.date:
        from app.office import office_today

        with self.database.sessions() as session:
            return office_today(session)

    def reject(self) -> None:
        # Not while the office is re-encrypted, nor before the new key is written down.
        if self.worker is None and self.made is None:
            super().reject()

    @classmethod
    def replace(cls, parent: QWidget | None, database: Database, user: User) -> bool:
        """Run the dialog; True when the office now has a new recovery key."""
        dialog = cls(database, user, parent)
        dialog.exec()
        made = dialog.made is not None
        dialog.deleteLater()
        return made
