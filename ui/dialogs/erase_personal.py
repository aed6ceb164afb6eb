"""Erase personal data… (admin), from the list of closed cases past their records retention: says
how many borrowers, that it cannot be undone and how long the backups made before still hold the
data; the admin types their password again (as Backups ▸ New recovery key… asks it). The erasure
runs off the GUI thread, each borrower in a transaction of their own (app.erasure.erase_each),
with a progress bar when there are many; a borrower the core refuses is said, the others go on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth import reauthenticate
from app.erasure import ErasureRun, backups_hold, erase_each
from app.errors import CasedeskError
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.crash import told
from ui.password_again import password_again, steady_progress

ERASED = (
    "Their names, ID numbers, birth dates, phones, addresses, employers and related persons, "
    "and the notes typed about them (contacts, visits, complaints, agreements' stated reasons), "
    "are removed for good. The amounts, dates, channels, outcomes and agents stay, so the "
    "reports of past periods keep their figures. This cannot be undone."
)


class EraseWorker(QThread):
    """Checks the password again, then erases each borrower; never touches a widget."""

    advanced = Signal(int)  # borrowers done
    succeeded = Signal(object)  # ErasureRun
    failed = Signal(str)

    def __init__(
        self, database: Database, user: User, password: str, numbers: Sequence[str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.database, self.username, self.user_id = database, user.username, user.id
        self.password, self.numbers = password, list(numbers)

    def run(self) -> None:
        try:
            reauthenticate(self.database.sessions, self.username, self.password)
            found = erase_each(
                lambda: self.database.session(write_lock=True),
                self.user_id,
                self.numbers,
                self.advanced.emit,
            )
        except CasedeskError as error:  # a wrong password, or a refusal of the whole run
            self.failed.emit(error.translated())
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("Nothing more was erased: {error}", error=told(error)))
            return
        self.succeeded.emit(found)


class ErasePersonalDataDialog(QDialog):
    """The confirmation; `run` holds what was done once the erasure ran."""

    def __init__(
        self, database: Database, user: User, numbers: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.numbers = database, user, list(numbers)
        self.worker: EraseWorker | None = None
        self.run: ErasureRun | None = None
        self.setWindowTitle(_("Erase personal data"))
        self.setObjectName("ErasePersonalDataDialog")
        self.setMinimumWidth(560)
        with database.sessions() as session:
            kept = backups_hold(session)
        n = len(self.numbers)
        self.said = QLabel(
            "<p><b>"
            + plural(
                n,
                "Erase the personal data of {count} borrower?",
                "Erase the personal data of {count} borrowers?",
            )
            + "</b></p><p>"
            + _(ERASED)
            + "</p><p>"
            + kept
            + "</p>"
        )
        self.said.setObjectName("said")
        self.said.setWordWrap(True)
        form, self.password, self.error = password_again(user)
        self.erase_button = QPushButton(
            plural(n, "Erase {count} borrower", "Erase {count} borrowers")
        )
        self.erase_button.setObjectName("erase")
        self.erase_button.clicked.connect(lambda: self.erase())
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setDefault(True)  # Enter does not erase
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.said)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def erase(self) -> EraseWorker | None:
        """Start the erasure, with a progress bar (no Cancel: each borrower is whole or not)."""
        if self.worker is not None or self.run is not None or not self.password.text():
            return None
        progress = steady_progress(
            self,
            _("Erasing personal data…"),
            _("Erase personal data"),
            len(self.numbers),
            after_ms=500,
        )
        worker = EraseWorker(self.database, self.user, self.password.text(), self.numbers, self)
        self.password.clear()
        worker.advanced.connect(progress.setValue)
        worker.succeeded.connect(self._done)
        worker.failed.connect(self._failed)
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.finished.connect(self._finished)
        self.worker = worker
        self.erase_button.setEnabled(False)
        worker.start()
        return worker

    @Slot()
    def _finished(self) -> None:
        self.worker = None
        self.erase_button.setEnabled(self.run is None)

    @Slot(str)
    def _failed(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    @Slot(object)
    def _done(self, run: ErasureRun) -> None:
        self.run = run
        if not run.refused:
            self.accept()
            return
        # Some were refused (a payment or a contact since the list was read): say which and why.
        lines = [plural(len(run.erased), "{count} borrower erased.", "{count} borrowers erased.")]
        lines += [error.translated() for _number, error in run.refused]
        self.error.setText("\n".join(lines))
        self.error.show()
        self.erase_button.hide()
        self.cancel_button.setText(_("Close"))

    def reject(self) -> None:
        if self.worker is None:  # not while borrowers are being erased
            super().reject()
